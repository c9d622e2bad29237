#include "nginxprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>

#include <unistd.h>

namespace {
QString readText(const QString &fileName)
{
    QFile file(fileName);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// A port nobody listens on now. nginx binds it a moment later; start() tries
// again with another one in the rare case that someone took it in between.
quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}
} // namespace

NginxProcess::NginxProcess() = default;

NginxProcess::~NginxProcess()
{
    if (isRunning())
        stop();
}

QString NginxProcess::binaryPath()
{
    // Debian installs it in /usr/sbin, which a non-root PATH often lacks.
    const QString found = QStandardPaths::findExecutable(QStringLiteral("nginx"));
    if (!found.isEmpty())
        return found;
    return QStandardPaths::findExecutable(QStringLiteral("nginx"),
                                          {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
}

void NginxProcess::setSite(const QString &siteConfig, const QList<quint16> &upstreamPorts)
{
    m_site = siteConfig;
    m_upstreamPorts = upstreamPorts;
}

bool NginxProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QUrl NginxProcess::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QString NginxProcess::path(const QString &name) const
{
    return m_directory->filePath(name);
}

QString NginxProcess::accessLog() const
{
    return m_directory ? readText(path(QStringLiteral("boxoffice-access.log"))) : QString();
}

QString NginxProcess::errorLog() const
{
    return m_directory ? readText(path(QStringLiteral("error.log"))) : QString();
}

int NginxProcess::passedOnRequests() const
{
    // The example's format: "upstream=127.0.0.1:3001, 127.0.0.1:3002 upstream_status=...".
    static const QRegularExpression passedOn(QStringLiteral(R"( upstream=[^ ]+, )"));
    int count = 0;
    for (const QString &line : accessLog().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        count += line.contains(passedOn) ? 1 : 0;
    return count;
}

QString NginxProcess::rewrittenSite(QString *error) const
{
    QString site = m_site;

    static const QRegularExpression upstreamServer(
        QStringLiteral(R"(^([ \t]*server[ \t]+)127\.0\.0\.1:300(\d)\b)"),
        QRegularExpression::MultilineOption);
    int upstreams = 0;
    QString rewritten;
    qsizetype copied = 0;
    for (auto it = upstreamServer.globalMatch(site); it.hasNext();) {
        const auto match = it.next();
        const int index = match.captured(2).toInt() - 1;
        if (index < 0 || index >= m_upstreamPorts.size()) {
            *error = QStringLiteral("the site names upstream %1, but only %2 ports were given")
                         .arg(match.captured(0).trimmed())
                         .arg(m_upstreamPorts.size());
            return {};
        }
        rewritten += site.mid(copied, match.capturedStart() - copied) + match.captured(1) +
                     QStringLiteral("127.0.0.1:%1").arg(m_upstreamPorts.at(index));
        copied = match.capturedEnd();
        ++upstreams;
    }
    site = rewritten + site.mid(copied);
    if (upstreams != m_upstreamPorts.size()) {
        *error = QStringLiteral("the site has %1 upstream servers 127.0.0.1:300N, expected %2")
                     .arg(upstreams)
                     .arg(m_upstreamPorts.size());
        return {};
    }

    // Every listen line goes; one loopback port takes their place.
    static const QRegularExpression listen(QStringLiteral(R"(^([ \t]*)listen[ \t][^;]*;)"),
                                           QRegularExpression::MultilineOption);
    const auto first = listen.match(site);
    if (!first.hasMatch()) {
        *error = QStringLiteral("the site has no listen line");
        return {};
    }
    const QString placeholder = QStringLiteral("@@listen@@");
    site.replace(first.capturedStart(), first.capturedLength(), placeholder);
    site.remove(listen);
    site.replace(placeholder,
                 QStringLiteral("%1listen 127.0.0.1:%2;").arg(first.captured(1)).arg(m_port));

    const QString logFolder = QStringLiteral("/var/log/nginx/");
    if (!site.contains(logFolder)) {
        *error = QStringLiteral("the site writes no log under %1").arg(logFolder);
        return {};
    }
    site.replace(logFolder, m_directory->path() + QLatin1Char('/'));
    return site;
}

QString NginxProcess::mainConfig() const
{
    QString config = QStringLiteral("# Written by the test harness (NginxProcess).\n"
                                    "worker_processes 1;\n");
    // A root master starts its worker as "nobody", who cannot enter the
    // temporary folder (0700); the directive is refused when not root.
    if (::geteuid() == 0)
        config += QStringLiteral("user root;\n");
    config += QStringLiteral("pid %1;\nlock_file %2;\nerror_log %3 notice;\n")
                  .arg(path(QStringLiteral("nginx.pid")), path(QStringLiteral("nginx.lock")),
                       path(QStringLiteral("error.log")));
    config += QStringLiteral("events { worker_connections 1024; }\nhttp {\n");
    // The compiled-in defaults point into /var/lib/nginx and /var/log/nginx.
    for (const char *kind : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
        config += QStringLiteral("    %1_temp_path %2;\n")
                      .arg(QLatin1String(kind), path(QLatin1String(kind) + QLatin1String("_temp")));
    config += QStringLiteral("    access_log %1;\n    include %2;\n}\n")
                  .arg(path(QStringLiteral("access.log")), path(QStringLiteral("site.conf")));
    return config;
}

bool NginxProcess::writeConfigs(QString *error)
{
    const QString site = rewrittenSite(error);
    if (site.isEmpty())
        return false;
    for (const auto &[name, text] : {std::pair{QStringLiteral("site.conf"), site},
                                     std::pair{QStringLiteral("nginx.conf"), mainConfig()}}) {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            file.write(text.toUtf8()) < 0) {
            *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
            return false;
        }
    }
    return true;
}

bool NginxProcess::start(int timeoutMs)
{
    if (binaryPath().isEmpty()) {
        m_error = QStringLiteral("nginx is not installed");
        return false;
    }
    m_directory = std::make_unique<QTemporaryDir>();
    if (!m_directory->isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    for (int attempt = 0; attempt < 3; ++attempt) {
        bool portTaken = false;
        if (startOnce(timeoutMs, &portTaken))
            return true;
        if (!portTaken)
            return false;
    }
    return false;
}

bool NginxProcess::startOnce(int timeoutMs, bool *portTaken)
{
    m_port = freeLoopbackPort();
    if (m_port == 0) {
        m_error = QStringLiteral("no free loopback port");
        return false;
    }
    if (!writeConfigs(&m_error))
        return false;

    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    // -p: relative paths and the prefix; -g: stay in the foreground as our child.
    m_process->start(binaryPath(), {QStringLiteral("-p"), m_directory->path() + QLatin1Char('/'),
                                    QStringLiteral("-c"), path(QStringLiteral("nginx.conf")),
                                    QStringLiteral("-g"), QStringLiteral("daemon off;")});
    if (!m_process->waitForStarted(10000)) {
        m_error = QStringLiteral("cannot start nginx: %1").arg(m_process->errorString());
        return false;
    }

    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        if (probe.waitForConnected(200))
            return true;
        if (m_process->state() == QProcess::NotRunning) {
            const QString output = QString::fromLocal8Bit(m_process->readAll()) + errorLog();
            *portTaken = output.contains(QLatin1String("Address already in use"));
            m_error = QStringLiteral("nginx exited with code %1:\n%2")
                          .arg(m_process->exitCode())
                          .arg(output);
            return false;
        }
        m_process->waitForFinished(100);
    }
    m_error = QStringLiteral("nginx did not accept connections in time:\n") + errorLog();
    m_process->kill();
    m_process->waitForFinished(5000);
    return false;
}

bool NginxProcess::stop(int timeoutMs)
{
    if (!isRunning())
        return false;
    m_process->terminate();
    if (m_process->waitForFinished(timeoutMs))
        return m_process->exitStatus() == QProcess::NormalExit;
    m_error = QStringLiteral("nginx did not stop on SIGTERM");
    m_process->kill();
    m_process->waitForFinished(5000);
    return false;
}
