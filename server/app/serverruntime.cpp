#include "serverruntime.h"

#include "auth/cachingauthenticator.h"
#include "auth/tokencache.h"
#include "auth/userservice.h"
#include "auth/bearertoken.h"
#include "accesslog.h"
#include "apicontrollers.h"
#include "backgroundservices.h"
#include "datadirectory.h"
#include "drainer.h"
#include "push/changefeed.h"
#include "push/pushhub.h"
#include "db/databasesession.h"
#include "db/dbexecutor.h"
#include "db/embeddedcluster.h"
#include "db/migrator.h"
#include "db/secretfile.h"
#include "flags/flagrepository.h"
#include "flags/flagsnapshot.h"
#include "http/boxofficehttpserver.h"
#include "http/healthcontroller.h"
#include "http/router.h"
#include "http/securityguards.h"
#include "http/tlscontext.h"
#include "logcategories.h"
#include "logredaction.h"
#include "metricsendpoint.h"
#include "sampleshows.h"
#include "systemdnotifier.h"
#include "unixsignalwatcher.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QThread>

#include <unistd.h>

namespace {
// An external database may still be starting (containers, boot order).
constexpr int kDatabaseWaitMs = 30000;
} // namespace

ServerRuntime::ServerRuntime(ServerConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)),
      m_dataDir(std::make_unique<DataDirectory>(m_config.dataDirectory))
{
}

ServerRuntime::~ServerRuntime()
{
    stop();
}

bool ServerRuntime::start()
{
    // First, so bad TLS files fail at once, before a database is started.
    if (!loadTls()) {
        m_exitCode = 2;
        return false;
    }
    if (!resolveDatabase() || !resolveAdminToken() || !prepareSchema()) {
        abandonStart();
        return false;
    }

    DatabaseSession::setThreadDefaults(m_config.database);
    m_executor = std::make_unique<DbExecutor>(DbExecutor::Options{
        m_config.workers, m_config.maxQueued, std::chrono::seconds(m_config.queueTimeoutSeconds)});
    // Session and API tokens are checked from memory; the refresher (expiry
    // thread) keeps the cache true to auth_tokens on every server.
    m_tokenCache = std::make_unique<TokenCache>();
    m_authenticator =
        std::make_unique<CachingAuthenticator>(m_config.adminToken, *m_tokenCache, *m_executor);
    // SecurityConfig::read has already refused settings the guards cannot parse.
    QString guardError;
    const SecurityConfig &security = m_config.security;
    auto guardSettings =
        SecurityGuards::settingsFrom(security.publicBooking, security.allowedHosts,
                                     security.trustedProxies, security.rateLimits, &guardError);
    if (!guardSettings) {
        m_error = guardError;
        abandonStart();
        return false;
    }
    if (!m_config.adminToken.isEmpty())
        guardSettings->bootstrapTokenDigest = BearerToken::digest(m_config.adminToken);
    m_guards = std::make_unique<SecurityGuards>(std::move(*guardSettings));
    m_router = std::make_unique<Router>(
        Router::Options{m_authenticator.get(), m_guards.get(), m_config.security.publicBooking});
    m_controllers = std::make_unique<ApiControllers>(
        *m_router,
        ApiControllers::Dependencies{*m_executor, *m_flags, *m_tokenCache,
                                     m_config.security.publicBooking,
                                     m_config.security.sessionHours, verifyLogin(),
                                     m_config.groupBooking, m_config.currency});
    logSecurityPosture();

    m_http = new BoxOfficeHttpServer(*m_router, this);
    m_http->setMaxConnections(m_config.maxConnections);
    m_metrics = std::make_unique<MetricsEndpoint>(*m_router, *m_http, *m_authenticator);
    if (m_config.logs.accessLog)
        AccessLog::attachTo(*m_http);
    if (m_tls)
        m_http->setTlsConfiguration(*m_tls);
    m_port = m_http->listenBounded(m_config.listenAddress, m_config.port,
                                   m_config.idleTimeoutSeconds * 1000);
    if (m_port == 0) {
        m_error = QStringLiteral("cannot listen on port %1 (in use?)").arg(m_config.port);
        return false;
    }
    if (!listenForRedirects())
        return false;
    if (!m_metrics->listen(m_config.metricsAddress, m_config.metricsPort,
                           m_config.idleTimeoutSeconds * 1000, &m_error))
        return false;
    m_drainer = new Drainer(*m_http, m_config.drainTimeoutSeconds, this);
    connect(m_drainer, &Drainer::finished, this, &ServerRuntime::drained);
    m_controllers->health().setDrainingCheck(
        [drainer = m_drainer] { return drainer->isDraining(); });
    m_background = std::make_unique<BackgroundServices>();
    m_background->start(m_config.database, *m_flags, *m_tokenCache, m_cluster.get());
    m_controllers->changeFeed().listenOn(*m_background->notifications());
    qCInfo(lcServer) << "holds last" << m_flags->bookingSettings().holdSeconds << "s;"
                     << m_config.workers << "database workers; up to" << m_config.maxQueued
                     << "queued requests, dropped after" << m_config.queueTimeoutSeconds << "s";
    return true;
}

QString ServerRuntime::metricsUrl() const
{
    return m_metrics ? m_metrics->url() : QString();
}

bool ServerRuntime::loadTls()
{
    const SecurityConfig &security = m_config.security;
    if (!security.tlsEnabled()) {
        // Anyone on the path could read tokens, passwords and customers' names.
        if (!m_config.listenAddress.isLoopback())
            qCWarning(lcServer).noquote()
                << "listening on" << m_config.listenAddress.toString()
                << "without TLS: tokens, passwords and bookings cross the network in clear; "
                   "give --tls-cert and --tls-key (see docs/security.md)";
        return true;
    }
    QString error;
    m_tls = TlsContext::load(security.tlsCertificate, security.tlsKey, &error);
    if (!m_tls) {
        m_error = error;
        return false;
    }
    qCInfo(lcServer).noquote() << "TLS 1.2 or newer only, certificate"
                               << m_tls->localCertificate().subjectDisplayName() << "valid until"
                               << m_tls->localCertificate().expiryDate().toString(Qt::ISODate);
    return true;
}

bool ServerRuntime::listenForRedirects()
{
    if (m_config.security.httpRedirectPort == 0)
        return true;
    m_redirectPort =
        m_http->listenRedirect(m_config.listenAddress, m_config.security.httpRedirectPort, m_port);
    if (m_redirectPort == 0) {
        m_error = QStringLiteral("cannot listen for HTTP redirects on port %1 (in use?)")
                      .arg(m_config.security.httpRedirectPort);
        return false;
    }
    qCInfo(lcServer) << "plain HTTP on port" << m_redirectPort << "redirects to HTTPS port"
                     << m_port;
    return true;
}

bool ServerRuntime::resolveDatabase()
{
    if (m_config.database.isComplete()) {
        qCInfo(lcServer) << "using database" << m_config.database.redacted();
        return true;
    }
    if (!m_dataDir->prepare()) {
        m_error = m_dataDir->errorString();
        return false;
    }
    // One server per embedded cluster: the owner stops it on exit, so a second
    // one must not adopt it. A lock left by a killed server is stale and taken over.
    m_dataLock =
        std::make_unique<QLockFile>(m_config.dataDirectory + QStringLiteral("/server.lock"));
    m_dataLock->setStaleLockTime(0);
    bool locked = m_dataLock->tryLock(0);
    if (!locked) {
        // In a container every start is pid 1, so a lock left by a killed
        // predecessor names our own pid and looks alive; it is not.
        qint64 pid = 0;
        QString host, application;
        if (m_dataLock->getLockInfo(&pid, &host, &application) &&
            pid == QCoreApplication::applicationPid() && m_dataLock->removeStaleLockFile())
            locked = m_dataLock->tryLock(0);
    }
    if (!locked) {
        qint64 pid = 0;
        QString host, application;
        m_dataLock->getLockInfo(&pid, &host, &application);
        m_error =
            QStringLiteral(
                "another boxoffice-server (pid %1) is using %2; give this one another --data-dir, "
                "or point it at that server's database with --database-url")
                .arg(pid)
                .arg(m_config.dataDirectory);
        m_dataLock.reset();
        return false;
    }
    m_cluster =
        std::make_unique<EmbeddedCluster>(m_config.dataDirectory + QStringLiteral("/postgresql"));
    qCInfo(lcServer) << "no database configured; running the embedded PostgreSQL with data in"
                     << m_cluster->dataDirectory();
    if (!m_cluster->start()) {
        m_error = QStringLiteral("embedded PostgreSQL did not start: ") + m_cluster->errorString();
        return false;
    }
    m_config.database = m_cluster->settings();
    LogRedaction::addSecret(m_config.database.password);
    qCInfo(lcServer) << "embedded PostgreSQL listening on 127.0.0.1 port" << m_config.database.port
                     << "(user" << m_config.database.user << ", password in"
                     << m_cluster->rootDirectory() + QStringLiteral("/db-password") << ")";
    return true;
}

bool ServerRuntime::resolveAdminToken()
{
    if (!m_config.adminToken.isEmpty())
        return true;
    if (!m_dataDir->prepare()) {
        m_error = m_dataDir->errorString();
        return false;
    }
    const QString path = m_dataDir->filePath(QStringLiteral("admin-token"));
    QByteArray stored;
    bool exists = false;
    QString error;
    // Never through a symlink, and written 0600 from its first byte (SecretFile).
    if (!SecretFile::read(path, &stored, &exists, &error)) {
        m_error = QStringLiteral("cannot use the admin token file: ") + error;
        return false;
    }
    m_config.adminToken = stored.trimmed();
    LogRedaction::addSecret(m_config.adminToken);
    if (m_config.adminToken.isEmpty()) {
        QByteArray bytes(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                              bytes.size() / 4);
        m_config.adminToken =
            bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        LogRedaction::addSecret(m_config.adminToken);
        if (!SecretFile::write(path, m_config.adminToken + '\n', &error)) {
            m_error = QStringLiteral("cannot store the generated admin token: ") + error;
            return false;
        }
        qCInfo(lcServer) << "generated an admin token";
    }
    qCInfo(lcServer) << "admin token is in" << path << "(set BOXOFFICE_ADMIN_TOKEN to choose one)";
    return true;
}

bool ServerRuntime::prepareSchema()
{
    DatabaseSession session(m_config.database, QStringLiteral("boxoffice-startup"));
    const QDeadlineTimer deadline(kDatabaseWaitMs);
    while (!session.ensureOpen()) {
        if (UnixSignalWatcher::terminationPending()) {
            m_error = QStringLiteral("stopped by a signal while waiting for the database");
            return false;
        }
        if (deadline.hasExpired()) {
            m_error = QStringLiteral("cannot reach the database %1: %2")
                          .arg(m_config.database.redacted(), session.lastError());
            return false;
        }
        QThread::msleep(500);
    }
    Migrator migrator(session.database());
    if (!migrator.migrate()) {
        m_error = migrator.errorString();
        return false;
    }
    if (m_config.seedSampleShows && !SampleShows::createIfEmpty(session)) {
        m_error = QStringLiteral("could not create the sample shows");
        return false;
    }
    return loadFlags(session);
}

bool ServerRuntime::loadFlags(DatabaseSession &session)
{
    // Before the server listens, so its first answer already obeys the flags;
    // the refresher keeps them live from then on.
    m_flags = std::make_unique<FlagSnapshot>(
        m_config.flagOverrides,
        BookingService::Settings{m_config.holdSeconds, m_config.maxSeatsPerBooking});
    const auto stored = FlagRepository(session).list();
    if (!stored) {
        m_error = QStringLiteral("cannot read the feature flags: ") + stored.error().message;
        return false;
    }
    m_flags->update(*stored);
    // Names only: a value may be something an operator would rather not log.
    if (!m_config.flagOverrides.isEmpty())
        qCInfo(lcServer).noquote() << "feature flags overridden by the environment:"
                                   << m_config.flagOverrides.variables().join(QStringLiteral(", "));
    return true;
}

AuthService::VerifyLogin ServerRuntime::verifyLogin() const
{
    // The accounts' rules: Argon2id, the same answer and time for every
    // failure, the per-name throttle and its lock.
    return [](DatabaseSession &session, const QString &username, const QString &password,
              const AuditContext &context) {
        return UserService(session).verifyLogin(username, password, context);
    };
}

void ServerRuntime::logSecurityPosture() const
{
    switch (m_config.security.publicBooking) {
    case PublicBooking::Off:
        qCInfo(lcServer) << "booking needs a staff or shop token (public booking is off)";
        break;
    case PublicBooking::Token:
        qCInfo(lcServer) << "public booking is on: anyone may book; each booking opens only with "
                            "its access_token";
        break;
    case PublicBooking::Open:
        qCWarning(lcServer) << "public booking is open (the reference backend's behaviour): anyone "
                               "who can reach this server may read, confirm or cancel any booking";
        break;
    }
}

void ServerRuntime::abandonStart()
{
    // A failed start leaves the data directory as it found it.
    if (m_cluster && m_cluster->startedByUs())
        m_cluster->stop();
    m_cluster.reset();
    m_dataLock.reset();
    m_dataDir->discardIfNew();
}

void ServerRuntime::requestStop()
{
    if (!m_drainer) {
        emit drained(); // nothing is served yet
        return;
    }
    if (m_drainer->isDraining()) {
        m_drainer->end();
        return;
    }
    SystemdNotifier::notify("STOPPING=1");
    // Push subscriptions never end by themselves; their clients reconnect elsewhere.
    m_controllers->push().closeAll();
    m_drainer->begin();
}

void ServerRuntime::stop()
{
    // Logged in both database modes, once, and only for a server that came up.
    const bool wasServing = m_http != nullptr && m_port != 0;
    if (wasServing)
        qCInfo(lcServer) << "shutting down: no new requests; finishing the database work under way";
    if (m_http) {
        delete m_drainer; // before the server it watches
        m_drainer = nullptr;
        delete m_http; // what the drain left open closes with it
        m_http = nullptr;
    }
    if (m_background)
        m_background->stop(); // the watchdog before the cluster stops, lest it restart it
    m_executor.reset(); // waits for running database work
    if (m_cluster && m_cluster->startedByUs()) {
        qCInfo(lcServer) << "stopping the embedded PostgreSQL";
        m_cluster->stop();
        m_cluster.reset();
    }
    if (wasServing)
        qCInfo(lcServer) << "stopped";
}
