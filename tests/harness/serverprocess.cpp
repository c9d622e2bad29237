#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <csignal>

ServerProcess::ServerProcess()
{
    m_adminToken = QByteArray::number(QRandomGenerator::system()->generate64(), 36) + "-test-admin";
}

ServerProcess::~ServerProcess()
{
    if (isRunning())
        stop();
}

QString ServerProcess::binaryPath()
{
    return QStringLiteral(BOXOFFICE_SERVER_BINARY);
}

bool ServerProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

bool ServerProcess::sendSignal(int signal)
{
    return isRunning() && ::kill(pid_t(pid()), signal) == 0;
}

bool ServerProcess::waitForExit(int timeoutMs)
{
    if (!m_process)
        return false;
    const bool exited = !isRunning() || m_process->waitForFinished(timeoutMs);
    m_output += m_process->readAll();
    return exited;
}

int ServerProcess::exitCode() const
{
    if (!m_process || isRunning() || m_process->exitStatus() != QProcess::NormalExit)
        return -1;
    return m_process->exitCode();
}

qint64 ServerProcess::residentKiB() const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid()));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}

QUrl ServerProcess::baseUrl() const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(m_scheme).arg(m_port));
}

QString ServerProcess::output()
{
    if (m_process)
        m_output += m_process->readAll();
    return QString::fromLocal8Bit(m_output.right(20000));
}

bool ServerProcess::start(int timeoutMs)
{
    return launch() && waitUntilListening(timeoutMs);
}

bool ServerProcess::launch()
{
    if (m_dataDirectory.isEmpty()) {
        m_ownDataDirectory = std::make_unique<QTemporaryDir>();
        m_dataDirectory = m_ownDataDirectory->path();
    }
    m_output.clear();
    m_metricsPort = 0;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The tests decide everything; nothing leaks in from the developer's shell.
    for (const char *name :
         {"DATABASE_URL", "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PORT",
          "BOXOFFICE_HOLD_SECONDS", "BOXOFFICE_WORKERS", "BOXOFFICE_DATA_DIR",
          "BOXOFFICE_PUBLIC_BOOKING", "BOXOFFICE_RATE_LIMITS", "BOXOFFICE_ALLOWED_HOSTS",
          "BOXOFFICE_TRUSTED_PROXIES", "BOXOFFICE_TLS_CERT", "BOXOFFICE_TLS_KEY",
          "BOXOFFICE_ACCESS_LOG", "BOXOFFICE_LOG_FORMAT", "BOXOFFICE_METRICS_LISTEN",
          "BOXOFFICE_DRAIN_TIMEOUT"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("BOXOFFICE_ADMIN_TOKEN"), QString::fromLatin1(m_adminToken));
    // The API tests speak the reference backend's contract, whose clients book,
    // read and settle anonymously: they run the server in that mode unless a
    // test (the security ones) says otherwise with setEnvironment().
    env.insert(QStringLiteral("BOXOFFICE_PUBLIC_BOOKING"), QStringLiteral("open"));
    // Tests log in far more often than 10 times a minute from one address (the
    // default login limit); the limit's own tests pass --rate-limits, which wins.
    env.insert(QStringLiteral("BOXOFFICE_RATE_LIMITS"), QStringLiteral("login.address=100/s:1000"));
    // One access line per request would reach the test's pipe, which a test
    // blocked on its own sockets does not read: thousands of requests would fill
    // it and stall the server. The access log's own tests turn it on.
    env.insert(QStringLiteral("BOXOFFICE_ACCESS_LOG"), QStringLiteral("off"));
    env.insert(m_extraEnvironment);
    m_process->setProcessEnvironment(env);

    QStringList arguments = {QStringLiteral("--port"),     QString::number(m_requestedPort),
                             QStringLiteral("--listen"),   QStringLiteral("127.0.0.1"),
                             QStringLiteral("--data-dir"), m_dataDirectory};
    if (!m_databaseUrl.isEmpty())
        arguments << QStringLiteral("--database-url") << m_databaseUrl;
    arguments << m_arguments;
    if (m_commandPrefix.isEmpty())
        m_process->start(binaryPath(), arguments);
    else
        m_process->start(m_commandPrefix.first(),
                         m_commandPrefix.mid(1) + QStringList{binaryPath()} + arguments);
    if (!m_process->waitForStarted(10000)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(binaryPath(), m_process->errorString());
        return false;
    }
    return true;
}

bool ServerProcess::waitUntilListening(int timeoutMs)
{
    if (!m_process)
        return false;

    static const QRegularExpression listening(
        QStringLiteral(R"(listening on (https?)://[^:]+:(\d+))"));
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        m_process->waitForReadyRead(100);
        m_output += m_process->readAll();
        const auto match = listening.match(QString::fromLocal8Bit(m_output));
        if (match.hasMatch()) {
            m_scheme = match.captured(1);
            m_port = quint16(match.captured(2).toUInt());
            return true;
        }
        if (m_process->state() == QProcess::NotRunning) {
            m_error = QStringLiteral("the server exited with code %1:\n%2")
                          .arg(m_process->exitCode())
                          .arg(QString::fromLocal8Bit(m_output));
            return false;
        }
    }
    m_error = QStringLiteral("the server did not start listening in time:\n") +
              QString::fromLocal8Bit(m_output);
    kill();
    return false;
}

quint16 ServerProcess::metricsPort(int timeoutMs)
{
    static const QRegularExpression line(QStringLiteral(R"(metrics on http://[^\s]+:(\d+))"));
    const QDeadlineTimer deadline(timeoutMs);
    while (m_metricsPort == 0 && m_process) {
        const auto match = line.match(QString::fromLocal8Bit(m_output));
        if (match.hasMatch()) {
            m_metricsPort = quint16(match.captured(1).toUInt());
            break;
        }
        if (deadline.hasExpired() || m_process->state() == QProcess::NotRunning)
            break;
        m_process->waitForReadyRead(100);
        m_output += m_process->readAll();
    }
    return m_metricsPort;
}

bool ServerProcess::stop(int timeoutMs)
{
    if (!isRunning()) {
        m_error = m_process ? QStringLiteral("the server had already exited (%1, code %2); its "
                                             "last output:\n%3")
                                  .arg(m_process->exitStatus() == QProcess::CrashExit
                                           ? QStringLiteral("crashed")
                                           : QStringLiteral("exited"))
                                  .arg(m_process->exitCode())
                                  .arg(output().right(2000))
                            : QStringLiteral("the server was never started");
        return false;
    }
    m_process->terminate();
    if (!m_process->waitForFinished(timeoutMs)) {
        m_error = QStringLiteral("the server did not stop on SIGTERM");
        kill();
        return false;
    }
    m_output += m_process->readAll();
    const bool clean =
        m_process->exitStatus() == QProcess::NormalExit && m_process->exitCode() == 0;
    if (!clean)
        m_error =
            QStringLiteral("the server did not exit cleanly (%1, code %2)")
                .arg(m_process->exitStatus() == QProcess::CrashExit ? QStringLiteral("crashed")
                                                                    : QStringLiteral("exited"))
                .arg(m_process->exitCode()) +
            QStringLiteral("; its last output:\n") +
            QString::fromUtf8(m_output.right(2000));
    return clean;
}

void ServerProcess::kill()
{
    if (!isRunning())
        return;
    m_process->kill();
    m_process->waitForFinished(10000);
    m_output += m_process->readAll();
}
