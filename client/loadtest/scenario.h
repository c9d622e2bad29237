#pragma once

#include "loadtestoptions.h"
#include "runstats.h"

#include <QByteArray>
#include <QList>

#include <random>

// The shows a run books, made before the load starts; shared read-only by the workers.
struct ScenarioPlan
{
    QString name;
    QList<qint64> showIds;
    QByteArray hostHeader;
    QByteArray token;    // --token, on every booking request
    QByteArray userName; // run-unique prefix, the database check's marker
    QMap<QString, int> mix;
};

// Chooses each connection's next request and judges its answer. One per engine
// thread (it keeps the thread's open holds for mixed), so it needs no locks.
class ScenarioWorker
{
public:
    enum class Kind { Book, Confirm, Cancel, List };
    struct Request
    {
        Kind kind = Kind::Book;
        qint64 showId = 0;
        int seats = 1;
        QByteArray bytes;
    };

    ScenarioWorker(const ScenarioPlan &plan, int workerIndex);

    Request next();
    // Records the answer's status, error code and whether it was expected.
    void onAnswer(const Request &request, int status, const QByteArray &body, RunStats &stats,
                  bool measured);

private:
    struct Hold
    {
        qint64 id = 0;
        QByteArray accessToken;
    };
    Request book();
    Request request(Kind kind, const QByteArray &method, const QByteArray &path,
                    const QByteArray &body, const QByteArray &token) const;
    bool expected(Kind kind, int status, const QByteArray &code) const;

    const ScenarioPlan &m_plan;
    std::mt19937_64 m_random;
    QList<Hold> m_holds; // mixed: booked, not yet confirmed, cancelled or abandoned
    qint64 m_sequence = 0;
    int m_workerIndex;
};
