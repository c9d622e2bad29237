#pragma once

#include "stafftypes.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class ApiClient;
class AppSettings;
class LoginDialog;
class StaffApi;
class TokenStore;
class QWidget;

// Who is using the window, and the way in and out: keeps the token in the
// TokenStore, asks the server whose it is (GET /auth/me), opens the login dialog
// when there is none or the server stops accepting it (once, however many calls
// fail together), and logs out. The window only follows `roleChanged`; a dialog
// shown over it leaves every typed field as it was.
class SessionController : public QObject
{
    Q_OBJECT
public:
    enum class Role
    {
        None,    // no token: the counter only (a server in public-booking mode serves it)
        Unknown, // a token the server has not confirmed yet (unreachable): last known role
        Clerk,
        Shop,
        Admin,
    };
    Q_ENUM(Role)

    // `store` may be null: tokens are then kept for this run only.
    SessionController(ApiClient *api, AppSettings *settings, TokenStore *store, QWidget *window);
    ~SessionController() override;

    // Uses `token` from now on (stored unless empty) and asks the server whose it is.
    // Opens no dialog: for start-up, the Connection settings and tests.
    void useToken(const QByteArray &token);
    // At start, once the window is shown: the login dialog if there is no token, or
    // as soon as the server refuses the one there is.
    void loginIfNeeded();
    void showLogin(const QString &reason = {});
    // POST /auth/logout, then forget the token and ask for a login.
    void logout();

    Role role() const { return m_role; }
    // What the window shows: Unknown resolves to the role confirmed last time (clerk
    // if none), so a server that is down keeps the pages it had, never more.
    Role effectiveRole() const;
    const StaffIdentity &identity() const { return m_identity; }
    LoginDialog *loginDialog() const;
    StaffApi *staffApi() const { return m_staff; }

    static Role roleFromName(const QString &name);
    static QString roleName(Role role);

signals:
    void roleChanged(SessionController::Role role);
    // The login dialog was accepted: the window switches to this server and token.
    void loginAccepted(const QUrl &serverUrl, const QByteArray &token);

private:
    void askWhoAmI();
    void setIdentity(const StaffIdentity &identity);
    void setRole(Role role);
    void onRefused(const QString &reason);
    void forgetToken();

    ApiClient *m_api;
    AppSettings *m_settings;
    TokenStore *m_store;
    QWidget *m_window;
    StaffApi *m_staff;
    QPointer<LoginDialog> m_dialog;
    StaffIdentity m_identity;
    Role m_role = Role::None;
    quint64 m_generation = 0; // which useToken() an /auth/me answer belongs to
    bool m_askAgain = false;  // /auth/me got no answer: ask when the server is back
    bool m_refused = false;   // the server refused the token in use; the dialog asks anew
};
