#pragma once

#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

// A real nginx (Debian's package) as a child process in front of test
// servers. It runs a site config shaped like packaging/nginx/boxoffice.conf,
// rewritten for this run (the upstream ports, one loopback listen port, the
// log folder), inside a main config of its own in a temporary prefix: pid,
// logs and temp files stay there, and a system nginx on port 80, running or
// not, is neither needed nor disturbed.
class NginxProcess
{
public:
    NginxProcess();
    ~NginxProcess();

    // The nginx binary, or empty when it is not installed.
    static QString binaryPath();

    // The site config to run: upstream, map and server blocks, as Debian
    // keeps them in sites-available. Its upstream servers 127.0.0.1:3001,
    // :3002, ... become 127.0.0.1 with the given ports, in that order.
    void setSite(const QString &siteConfig, const QList<quint16> &upstreamPorts);

    // Writes the configs, starts nginx on a free loopback port and waits until
    // it accepts connections.
    bool start(int timeoutMs = 15000);
    // Fast shutdown (SIGTERM); true when nginx exited on its own.
    bool stop(int timeoutMs = 10000);
    bool isRunning() const;

    quint16 port() const { return m_port; }
    QUrl baseUrl() const;
    QString errorString() const { return m_error; }
    // The site's access log (the example's "boxoffice" format) and nginx's error log.
    QString accessLog() const;
    QString errorLog() const;
    // Access-log lines whose request nginx passed to more than one instance
    // (the first refused or failed it).
    int passedOnRequests() const;

private:
    bool startOnce(int timeoutMs, bool *portTaken);
    bool writeConfigs(QString *error);
    QString rewrittenSite(QString *error) const;
    QString mainConfig() const;
    QString path(const QString &name) const;

    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<QProcess> m_process;
    QString m_site;
    QList<quint16> m_upstreamPorts;
    quint16 m_port = 0;
    QString m_error;
};
