#pragma once

#include "serverprocess.h"
#include "testhttpclient.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <memory>

// One server process on a fresh database for a whole test class, plus the
// helpers the API tests share. Lives on the test thread, like the test class
// that holds it as a member.
class ApiTestBench
{
public:
    // Starts the shared PostgreSQL cluster if needed, creates a database of this
    // class's own and starts the server on it; errorString() says what failed.
    bool start(const QStringList &serverArguments = {});
    QString errorString() const { return m_error; }

    const QString &databaseUrl() const { return m_databaseUrl; }
    ServerProcess &server() { return m_server; }
    // Only valid after a successful start(): the client needs the server's port and token.
    TestHttpClient &http() { return *m_http; }

    // The id of a new show, or 0 with a warning saying why (callers check id > 0,
    // the warning is what makes that failure readable).
    qint64 createShow(const QString &name, int seats,
                      const QString &start = QStringLiteral("2030-01-01T19:30:00Z"));
    TestHttpClient::Reply book(qint64 showId, const QString &user, int seats,
                               const QList<QPair<QByteArray, QByteArray>> &headers = {});
    // The id of a new booking, or 0 with a warning.
    qint64 bookOk(qint64 showId, const QString &user, int seats,
                  const QList<QPair<QByteArray, QByteArray>> &headers = {});
    QJsonObject show(qint64 id);

    // One integer from SQL (-1 with a warning on failure), for checks that must
    // not trust the API's own answers.
    qint64 sqlValue(const QString &statement);
    // The no-overbooking invariant over this bench's database; empty when it holds.
    QStringList violations() const;
    // What a test class checks last: the server still runs and the invariant
    // holds. Empty when both are fine, else what went wrong.
    QString endStateProblem();
    // endStateProblem(), then stops the server and checks it stopped cleanly:
    // what a cleanupTestCase that ends the server itself checks. Empty when all
    // is fine, else the first problem.
    QString finish();

private:
    QString m_databaseUrl;
    QString m_error;
    // Declared before the client so the client goes first on destruction, as it
    // talks to this server.
    ServerProcess m_server;
    std::unique_ptr<TestHttpClient> m_http;
};
