#pragma once

#include "databasesettings.h"

#include <QString>
#include <QStringList>

// A private PostgreSQL cluster in a directory of ours, made with the installed
// PostgreSQL's initdb/pg_ctl: the zero-config database of the server, and the
// throwaway database of the tests. PostgreSQL refuses to run as root, so when
// we are root the cluster runs as an unprivileged user (postgres, else nobody).
//
// Layout of the directory: pgdata/ (the cluster), db-password (0600),
// postgresql.log. The cluster listens on 127.0.0.1 only, on a free port.
// The directory belongs to the cluster's account, so root never follows a name
// in it (see SecretFile) and its PostgreSQL programs get none of our secrets
// in their environment. Used by one thread at a time.
class EmbeddedCluster
{
public:
    explicit EmbeddedCluster(QString rootDirectory);

    // Extra "-c name=value" settings for the postmaster (tests turn fsync off).
    void setServerOptions(const QStringList &options) { m_serverOptions = options; }
    // Port to start on instead of a fresh free one (a restart that clients reconnect to).
    void setPreferredPort(int port) { m_preferredPort = port; }

    // Creates the cluster if the directory has none, then starts it unless it
    // is already running (e.g. left behind by a killed server), and makes sure
    // the database exists.
    bool start(const QString &databaseName = QStringLiteral("boxoffice"));
    bool stop();
    bool startedByUs() const { return m_startedByUs; }
    // The postmaster's pid from postmaster.pid (0 if none), and whether it is alive.
    qint64 postmasterPid() const;
    bool isRunning() const;
    // Starts the cluster again on the port it had, after its postmaster died, so
    // that connections configured with settings() find it again.
    bool restart();

    DatabaseSettings settings() const { return m_settings; }
    QString rootDirectory() const { return m_root; }
    QString dataDirectory() const;
    QString errorString() const { return m_error; }

    // Runs a PostgreSQL program (initdb, pg_ctl, ...) from the installed version
    // as the cluster's user; exposed for tests that restart the database.
    bool runTool(const QString &tool, const QStringList &arguments, int timeoutMs = 120000);

    static QString findBinDirectory();

private:
    bool initialise();
    bool ensureDatabase(const QString &databaseName);
    int runningPort() const;
    bool prepareRoot();
    void removeHalfMadeCluster();

    QString m_root;
    QString m_binDir;
    QStringList m_serverOptions;
    DatabaseSettings m_settings;
    QString m_error;
    bool m_startedByUs = false;
    int m_preferredPort = 0;
    // Made by this start(), so a failed one removes them (and nothing else).
    bool m_createdRoot = false;
    bool m_createdPassword = false;
    bool m_createdPgdata = false;
};
