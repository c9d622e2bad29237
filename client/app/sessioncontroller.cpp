#include "sessioncontroller.h"

#include "apiclient.h"
#include "apierror.h"
#include "appsettings.h"
#include "certificatepin.h"
#include "clientlogging.h"
#include "logindialog.h"
#include "staffapi.h"
#include "tokenstore.h"

#include <QWidget>

SessionController::SessionController(ApiClient *api, AppSettings *settings, TokenStore *store,
                                     QWidget *window)
    : QObject(window), m_api(api), m_settings(settings), m_store(store), m_window(window),
      m_staff(new StaffApi(api))
{
    connect(m_api, &ApiClient::sessionRefused, this, &SessionController::onRefused);
    connect(m_api, &ApiClient::serverAnswered, this, [this] {
        if (m_askAgain)
            askWhoAmI();
    });
}

SessionController::~SessionController()
{
    delete m_staff;
}

LoginDialog *SessionController::loginDialog() const
{
    return m_dialog.data();
}

SessionController::Role SessionController::roleFromName(const QString &name)
{
    if (name == QLatin1String("admin"))
        return Role::Admin;
    if (name == QLatin1String("shop"))
        return Role::Shop;
    // Any other role a newer server invents gets the least: the counter.
    return Role::Clerk;
}

QString SessionController::roleName(Role role)
{
    switch (role) {
    case Role::Admin:
        return QStringLiteral("admin");
    case Role::Shop:
        return QStringLiteral("shop");
    case Role::Clerk:
        return QStringLiteral("clerk");
    case Role::None:
    case Role::Unknown:
        break;
    }
    return {};
}

void SessionController::useToken(const QByteArray &token)
{
    ++m_generation;
    m_askAgain = false;
    m_api->setToken(token);
    CertificatePin::apply(*m_api, m_settings->pinnedCertificate(m_api->baseUrl()));
    if (m_store && token.isEmpty())
        m_store->clear();
    else if (m_store && m_store->load() != token)
        m_store->save(token);
    m_identity = {};
    if (token.isEmpty()) {
        setRole(Role::None);
        return;
    }
    // Until the server says whose the token is, the role it had last time on this
    // server (never more): a clerk's window does not flash the admin pages.
    setRole(Role::Unknown);
    askWhoAmI();
}

void SessionController::askWhoAmI()
{
    m_askAgain = false;
    const quint64 generation = m_generation;
    m_staff->me(this, [this, generation](const Result<StaffIdentity> &me) {
        if (generation != m_generation)
            return; // a later token replaced the one asked about
        if (me)
            return setIdentity(*me);
        const DomainError &error = me.error();
        if (error.code == ErrorCode::NotFound) {
            // A server from before staff accounts: its only token is the admin token.
            return setIdentity(
                StaffIdentity{QStringLiteral("bootstrap"), {}, {}, QStringLiteral("admin"), {}, 0});
        }
        if (ApiError::kind(error) == ApiError::Kind::Tls) {
            // A certificate no longer trusted (changed, or the pin dropped): the dialog
            // shows its fingerprint and offers to trust it.
            return showLogin(tr("The server's certificate is not trusted. Log in again to "
                                "check it."));
        }
        if (ApiError::isTransport(error) || ApiError::kind(error) == ApiError::Kind::BadResponse) {
            m_askAgain = true; // keep the last known role; ask once the server answers
            return;
        }
        // A 401 reached onRefused() already; anything else leaves the role unconfirmed.
        qCInfo(lcApi) << "GET /auth/me failed:" << error.message;
    });
}

void SessionController::setIdentity(const StaffIdentity &identity)
{
    m_identity = identity;
    const Role role = roleFromName(identity.role);
    m_settings->setLastRole(roleName(role));
    setRole(role);
}

void SessionController::setRole(Role role)
{
    if (role == m_role)
        return;
    m_role = role;
    emit roleChanged(role);
}

void SessionController::loginIfNeeded()
{
    // With a token, onRefused() opens the dialog if the server refuses it.
    if (!m_api->hasToken())
        showLogin();
}

SessionController::Role SessionController::effectiveRole() const
{
    if (m_role != Role::Unknown)
        return m_role;
    const QString last = m_settings->lastRole();
    return last.isEmpty() ? Role::Clerk : roleFromName(last);
}

void SessionController::onRefused(const QString &reason)
{
    if (m_dialog)
        return; // one dialog, however many calls failed together
    forgetToken();
    QString why;
    if (reason == QLatin1String("expired"))
        why = tr("Your session has expired. Log in again to go on; nothing you typed is lost.");
    else if (reason == QLatin1String("revoked"))
        why = tr("Your session was ended (logged out or revoked). Log in again to go on; nothing "
                 "you typed is lost.");
    else
        why = tr("The server no longer accepts this login. Log in again to go on.");
    m_refused = true;
    showLogin(why);
}

void SessionController::forgetToken()
{
    // The refused token must not be tried again at the next start; the window keeps
    // the role it showed until someone logs in or gives up.
    if (m_store)
        m_store->clear();
}

void SessionController::showLogin(const QString &reason)
{
    if (m_dialog) {
        m_dialog->raise();
        return;
    }
    auto *dialog = new LoginDialog(m_settings, m_api->baseUrl(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setReason(reason);
    m_dialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const StaffIdentity identity = dialog->identity();
        emit loginAccepted(dialog->serverUrl(), dialog->token());
        // The dialog checked the token already: no second question to the server.
        ++m_generation;
        m_askAgain = false;
        m_refused = false;
        setIdentity(identity);
    });
    connect(dialog, &QDialog::rejected, this, [this] {
        // No login: no token either, so the window's calls stop failing on a dead one.
        if (m_refused) {
            m_refused = false;
            ++m_generation;
            m_api->setToken({});
            setRole(Role::None);
        }
    });
    dialog->open();
}

void SessionController::logout()
{
    if (m_api->hasToken()) {
        // Told to the server on a best-effort basis; the token is forgotten here either way.
        m_staff->logout(this, [](const Result<bool> &done) {
            if (!done)
                qCInfo(lcApi) << "POST /auth/logout failed:" << done.error().message;
        });
    }
    if (m_store)
        m_store->clear();
    ++m_generation;
    m_api->setToken({});
    m_identity = {};
    setRole(Role::None);
    showLogin(tr("Logged out."));
}
