#pragma once

#include "auth/authservice.h"
#include "serverconfig.h"

#include <QLockFile>
#include <QObject>
#include <QSslConfiguration>
#include <QThread>

#include <memory>
#include <optional>

class ApiControllers;
class Authenticator;
class BackgroundServices;
class BoxOfficeHttpServer;
class DataDirectory;
class DatabaseSession;
class DbExecutor;
class Drainer;
class EmbeddedCluster;
class FlagSnapshot;
class MetricsEndpoint;
class Router;
class TokenCache;
class SecurityGuards;

// Brings the server up in order - database (external or embedded), admin
// token, migrations, sample data, feature flags, workers, HTTP, hold expiry
// and the flags' refresher - and down again in reverse. Lives on the main thread.
class ServerRuntime : public QObject
{
    Q_OBJECT
public:
    explicit ServerRuntime(ServerConfig config, QObject *parent = nullptr);
    ~ServerRuntime() override;

    bool start();
    // SIGTERM/SIGINT: the first starts the drain (readiness 503, no new
    // connections, requests in flight answered; STOPPING=1 to systemd), a
    // second ends it at once. drained() follows either way; then stop().
    void requestStop();
    void stop();
    quint16 port() const { return m_port; }
    QString errorString() const { return m_error; }
    // The process exit code for a failed start: 2 for a configuration that can
    // never work (bad TLS files), 1 otherwise.
    int exitCode() const { return m_exitCode; }
    quint16 redirectPort() const { return m_redirectPort; }
    QString metricsUrl() const; // of the --metrics-listen port; empty without one

Q_SIGNALS:
    // The drain is over: the event loop may end, and stop() do the rest.
    void drained();

private:
    bool loadTls();
    bool listenForRedirects();
    bool resolveDatabase();
    bool resolveAdminToken();
    bool prepareSchema();
    bool loadFlags(DatabaseSession &session);
    // How logins are checked: the accounts' rules (UserService::verifyLogin).
    AuthService::VerifyLogin verifyLogin() const;
    void logSecurityPosture() const;
    void abandonStart();

    ServerConfig m_config;
    QString m_error;
    quint16 m_port = 0;
    quint16 m_redirectPort = 0;
    int m_exitCode = 1;
    std::optional<QSslConfiguration> m_tls;
    std::unique_ptr<DataDirectory> m_dataDir;
    std::unique_ptr<QLockFile> m_dataLock;
    std::unique_ptr<EmbeddedCluster> m_cluster;
    // Declared before the executor, so it is destroyed after it: queued work
    // captures the snapshot by pointer.
    std::unique_ptr<FlagSnapshot> m_flags; // outlives the controllers and the refresher that use it
    // Before the executor too: lookups queued on it fill the cache.
    std::unique_ptr<TokenCache> m_tokenCache; // outlives the authenticator and its refresher
    std::unique_ptr<DbExecutor> m_executor;
    std::unique_ptr<Authenticator> m_authenticator; // outlives the router
    std::unique_ptr<SecurityGuards> m_guards;       // outlives the router
    std::unique_ptr<Router> m_router;
    std::unique_ptr<ApiControllers> m_controllers; // outlives the HTTP server
    BoxOfficeHttpServer *m_http = nullptr;
    std::unique_ptr<MetricsEndpoint> m_metrics; // outlives m_http, which reports to it
    Drainer *m_drainer = nullptr; // a child of this, drains m_http
    std::unique_ptr<BackgroundServices> m_background;
};
