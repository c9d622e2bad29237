#pragma once

#include "result.h"
#include "stafftypes.h"

#include <QDialog>
#include <QUrl>

class ApiClient;
class AppSettings;
class InlineMessage;
class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class StaffApi;

// Logs in before the window talks to a server: the server (remembered), then a
// user name and password, or an API token. Checks them against the server with
// a client of its own, so the window keeps its old session until a new one
// works, and says inline what went wrong: wrong credentials, a locked account
// with the wait, an unreachable server, or an untrusted certificate, which it
// offers to pin for that server (its SHA-256 fingerprint shown to compare).
class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    LoginDialog(AppSettings *settings, const QUrl &serverUrl, QWidget *parent = nullptr);
    ~LoginDialog() override;

    // After acceptance: where, with which token, as whom.
    QUrl serverUrl() const;
    QByteArray token() const { return m_grantedToken; }
    StaffIdentity identity() const { return m_identity; }

    // Why the dialog is shown ("Your session has ended"), above the form.
    void setReason(const QString &text);

    // Empty when the URL can be used.
    static QString urlProblem(const QUrl &url);

    void accept() override;

private:
    void setBusy(bool busy);
    void showFailure(const DomainError &error);
    void finishWith(const QByteArray &token, const StaffIdentity &identity);
    void updateMode();

    AppSettings *m_settings;
    ApiClient *m_probe;
    StaffApi *m_staff;
    QLabel *m_reason;
    QLineEdit *m_url;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QCheckBox *m_useToken;
    QLineEdit *m_apiToken;
    InlineMessage *m_message;
    QPushButton *m_trust;
    QDialogButtonBox *m_buttons;
    QString m_untrustedFingerprint;
    QByteArray m_grantedToken;
    StaffIdentity m_identity;
    bool m_busy = false;
};
