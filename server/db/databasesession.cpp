#include "databasesession.h"

#include "app/logcategories.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QSqlError>
#include <QThread>
#include <QThreadStorage>

#include <memory>

namespace {
QMutex g_defaultsMutex;
DatabaseSettings g_defaults;
} // namespace

DatabaseSession::DatabaseSession(const DatabaseSettings &settings, const QString &connectionName)
    : m_settings(settings), m_connectionName(connectionName)
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    m_db.setHostName(settings.host);
    m_db.setPort(settings.port);
    m_db.setUserName(settings.user);
    m_db.setPassword(settings.password);
    m_db.setDatabaseName(settings.database);
    // A dead or unreachable server must not stall a worker for minutes: give up
    // connecting after 3 s, notice a silent peer through keepalives and unacked
    // writes within about 10 s, and never let one statement run longer than 10 s.
    // Parameters from the URL come last, so they win (libpq keeps the last value).
    QString options = QStringLiteral(
        "connect_timeout=3;application_name=boxoffice-server;keepalives=1;keepalives_idle=5;"
        "keepalives_interval=2;keepalives_count=3;tcp_user_timeout=10000;"
        "options='-c statement_timeout=10000'");
    for (const auto &[key, value] : settings.options)
        options += QLatin1Char(';') + key + QLatin1Char('=') + value;
    m_db.setConnectOptions(options);
}

DatabaseSession::~DatabaseSession()
{
    qDeleteAll(m_statements);
    m_statements.clear();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool DatabaseSession::ensureOpen()
{
    if (m_db.isOpen())
        return true;
    if (m_inTransaction) {
        // A new connection would run the rest of the transaction's statements
        // one by one, each committed on its own.
        m_lastError = QSqlError(QStringLiteral("connection lost inside a transaction"), {},
                                QSqlError::ConnectionError);
        return false;
    }
    qDeleteAll(m_statements);
    m_statements.clear();
    if (!m_db.open()) {
        m_lastError = m_db.lastError();
        qCWarning(lcDb) << "cannot connect to" << m_settings.redacted() << ":"
                        << m_lastError.text();
        return false;
    }
    ++m_generation;
    return true;
}

void DatabaseSession::reset()
{
    qDeleteAll(m_statements);
    m_statements.clear();
    m_db.close();
}

QSqlQuery *DatabaseSession::prepared(const QString &sql)
{
    if (auto *query = m_statements.value(sql))
        return query;
    auto query = std::make_unique<QSqlQuery>(m_db);
    if (!query->prepare(sql)) {
        m_lastError = query->lastError();
        return nullptr;
    }
    return m_statements.insert(sql, query.release()).value();
}

void DatabaseSession::setThreadDefaults(const DatabaseSettings &settings)
{
    QMutexLocker lock(&g_defaultsMutex);
    g_defaults = settings;
}

DatabaseSession &DatabaseSession::forCurrentThread()
{
    // QThreadStorage, not thread_local: it destroys the session while QThread
    // finishes, before QThread::wait() returns. A thread_local destructor runs
    // later, racing with the end of main() and Qt's global connection registry.
    static QThreadStorage<DatabaseSession *> sessions;
    if (!sessions.hasLocalData()) {
        DatabaseSettings settings;
        {
            QMutexLocker lock(&g_defaultsMutex);
            settings = g_defaults;
        }
        const QString name =
            QStringLiteral("boxoffice-%1").arg(quintptr(QThread::currentThreadId()), 0, 16);
        sessions.setLocalData(new DatabaseSession(settings, name));
    }
    return *sessions.localData();
}
