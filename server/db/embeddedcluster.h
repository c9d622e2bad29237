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
    bool prepareOwnership(const QString &path);

    QString m_root;
    QString m_binDir;
    QStringList m_serverOptions;
    DatabaseSettings m_settings;
    QString m_error;
    bool m_startedByUs = false;
    int m_preferredPort = 0;
};
