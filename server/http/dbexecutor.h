#pragma once

#include "apiresponse.h"
#include "db/databasesession.h"

#include <QFuture>
#include <QThreadPool>
#include <QtConcurrent>

// The worker pool that runs all database work, so the HTTP thread never waits
// on PostgreSQL. Each pool thread owns its own connection
// (DatabaseSession::forCurrentThread); threads never expire, so connections
// and their prepared statements live as long as the server.
class DbExecutor
{
public:
    explicit DbExecutor(int threads)
    {
        m_pool.setMaxThreadCount(threads);
        m_pool.setExpiryTimeout(-1);
    }
    ~DbExecutor() { m_pool.waitForDone(); }

    template <typename Work> QFuture<ApiResponse> run(Work work)
    {
        return QtConcurrent::run(&m_pool, [work = std::move(work)]() {
            return work(DatabaseSession::forCurrentThread());
        });
    }

    int threads() const { return m_pool.maxThreadCount(); }

private:
    QThreadPool m_pool;
};
