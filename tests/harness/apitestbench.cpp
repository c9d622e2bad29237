#include "apitestbench.h"

#include "testdatabase.h"

#include <QDebug>

bool ApiTestBench::start(const QStringList &serverArguments)
{
    TestDatabase &database = TestDatabase::instance();
    if (!database.start()) {
        m_error = database.errorString();
        return false;
    }
    m_databaseUrl = database.createDatabase();
    if (m_databaseUrl.isEmpty()) {
        m_error = database.errorString();
        return false;
    }
    m_server.setDatabaseUrl(m_databaseUrl);
    // Only when given, so arguments set through server() beforehand still count.
    if (!serverArguments.isEmpty())
        m_server.setArguments(serverArguments);
    if (!m_server.start()) {
        m_error = m_server.errorString();
        return false;
    }
    m_http = std::make_unique<TestHttpClient>(m_server.baseUrl(), m_server.adminToken());
    return true;
}

qint64 ApiTestBench::createShow(const QString &name, int seats, const QString &start)
{
    // Not TestHttpClient::createShow: that one drops the reply, and the reply is
    // what tells why a show could not be made.
    const auto reply = m_http->post(QStringLiteral("/admin/shows"),
                                    {{QStringLiteral("name"), name},
                                     {QStringLiteral("start_time"), start},
                                     {QStringLiteral("total_seats"), seats}},
                                    true);
    if (reply.status != 201)
        qWarning() << "creating show" << name << "failed:" << reply.describe();
    return reply.status == 201 ? reply.object().value(QStringLiteral("id")).toInteger() : 0;
}

TestHttpClient::Reply ApiTestBench::book(qint64 showId, const QString &user, int seats,
                                         const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return m_http->post(QStringLiteral("/shows/%1/book").arg(showId),
                        {{QStringLiteral("user_name"), user}, {QStringLiteral("seats"), seats}},
                        false, headers);
}

qint64 ApiTestBench::bookOk(qint64 showId, const QString &user, int seats,
                            const QList<QPair<QByteArray, QByteArray>> &headers)
{
    const auto reply = book(showId, user, seats, headers);
    if (reply.status != 201)
        qWarning() << "booking failed:" << reply.describe();
    return reply.status == 201 ? reply.object().value(QStringLiteral("id")).toInteger() : 0;
}

QJsonObject ApiTestBench::show(qint64 id)
{
    return m_http->get(QStringLiteral("/shows/%1").arg(id)).object();
}

qint64 ApiTestBench::sqlValue(const QString &statement)
{
    return TestDatabase::integer(m_databaseUrl, statement);
}

QStringList ApiTestBench::violations() const
{
    return invariantViolations(TestDatabase::open(m_databaseUrl));
}

QString ApiTestBench::endStateProblem()
{
    if (!m_server.isRunning())
        return QStringLiteral("the server is no longer running:\n") + m_server.output();
    return violations().join(QLatin1Char('\n'));
}

QString ApiTestBench::finish()
{
    const QString problem = endStateProblem();
    if (!problem.isEmpty())
        return problem;
    if (!m_server.stop())
        return m_server.errorString() + m_server.output();
    return {};
}
