#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

// The real boxoffice-server binary as a child process on a port of its own
// choosing (or a fixed one, to come back on the same address after a restart).
class ServerProcess
{
public:
    ServerProcess();
    ~ServerProcess();

    void setDatabaseUrl(const QString &url) { m_databaseUrl = url; }
    void setArguments(const QStringList &arguments) { m_arguments = arguments; }
    void setPort(quint16 port) { m_requestedPort = port; }
    // A server that replaces another (same database) keeps its admin token, as an
    // operator's restart would.
    void setAdminToken(const QByteArray &token) { m_adminToken = token; }
    void setEnvironment(const QString &name, const QString &value)
    {
        m_extraEnvironment.insert(name, value);
    }
    // Runs the server through a wrapper that execs it, such as
    // {"prlimit", "--nofile=256:256", "--"}, so the process is still the server.
    void setCommandPrefix(const QStringList &prefix) { m_commandPrefix = prefix; }
    // Without a database URL the server runs its zero-config embedded database here.
    void setDataDirectory(const QString &path) { m_dataDirectory = path; }

    // Starts the server and waits (up to timeoutMs) until it listens.
    bool start(int timeoutMs = 60000);
    // The same in two steps, to start several servers at the same moment.
    bool launch();
    bool waitUntilListening(int timeoutMs = 60000);
    // SIGTERM and wait for a clean exit; true when it exited with code 0.
    bool stop(int timeoutMs = 30000);
    // SIGKILL: no cleanup at all.
    void kill();
    bool isRunning() const;
    // For shutdown tests: a signal to the server (SIGTERM, SIGINT...), then
    // waiting for it to exit, and how it exited: its code, -1 if it crashed or runs.
    bool sendSignal(int signal);
    bool waitForExit(int timeoutMs);
    int exitCode() const;

    quint16 port() const { return m_port; }
    // The --metrics-listen port, from the server's "metrics on" line (waiting
    // up to timeoutMs for it); 0 when there is none.
    quint16 metricsPort(int timeoutMs = 5000);
    qint64 pid() const { return m_process ? m_process->processId() : 0; }
    // Resident memory of the server process in KiB (from /proc), 0 if unknown.
    qint64 residentKiB() const;
    // http:// or, for a server started with --tls-cert/--tls-key, https:// (as
    // its start-up line says).
    QUrl baseUrl() const;
    bool isTls() const { return m_scheme == QLatin1String("https"); }
    QByteArray adminToken() const { return m_adminToken; }
    QString errorString() const { return m_error; }
    // What the server wrote to stdout and stderr so far, for failure messages.
    QString output();

    static QString binaryPath();

private:
    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<QTemporaryDir> m_ownDataDirectory;
    QString m_databaseUrl;
    QString m_dataDirectory;
    QStringList m_arguments;
    QStringList m_commandPrefix;
    QProcessEnvironment m_extraEnvironment;
    QByteArray m_adminToken;
    QByteArray m_output;
    QString m_error;
    quint16 m_requestedPort = 0;
    quint16 m_port = 0;
    quint16 m_metricsPort = 0;
    QString m_scheme = QStringLiteral("http");
};
