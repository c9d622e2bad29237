#include "logindialog.h"

#include "apiclient.h"
#include "apierror.h"
#include "appsettings.h"
#include "certificatepin.h"
#include "inlinemessage.h"
#include "staffapi.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {
QString waitText(int seconds)
{
    if (seconds <= 90)
        return LoginDialog::tr("%n second(s)", nullptr, std::max(seconds, 1));
    return LoginDialog::tr("%n minute(s)", nullptr, (seconds + 59) / 60);
}
} // namespace

LoginDialog::LoginDialog(AppSettings *settings, const QUrl &serverUrl, QWidget *parent)
    : QDialog(parent), m_settings(settings), m_probe(new ApiClient(this)),
      m_staff(new StaffApi(m_probe)), m_reason(new QLabel(this)),
      m_url(new QLineEdit(serverUrl.toString(), this)),
      m_username(new QLineEdit(settings->lastUsername(), this)), m_password(new QLineEdit(this)),
      m_useToken(new QCheckBox(tr("Use an API &token instead"), this)),
      m_apiToken(new QLineEdit(this)), m_message(new InlineMessage(this)),
      m_trust(new QPushButton(tr("T&rust this certificate"), this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("loginDialog"));
    setWindowTitle(tr("Log in"));
    m_reason->setObjectName(QStringLiteral("loginReason"));
    m_reason->setWordWrap(true);
    m_reason->hide();
    m_url->setObjectName(QStringLiteral("serverUrl"));
    m_url->setPlaceholderText(QStringLiteral("https://boxoffice.example.org"));
    m_username->setObjectName(QStringLiteral("loginUsername"));
    m_password->setObjectName(QStringLiteral("loginPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_useToken->setObjectName(QStringLiteral("useApiToken"));
    m_apiToken->setObjectName(QStringLiteral("loginApiToken"));
    m_apiToken->setEchoMode(QLineEdit::Password);
    m_apiToken->setPlaceholderText(tr("boa_… (or the server's admin token)"));
    m_message->setObjectName(QStringLiteral("loginMessage"));
    m_trust->setObjectName(QStringLiteral("trustCertificate"));
    m_trust->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Log in"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("loginButton"));

    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_useToken, &QCheckBox::toggled, this, &LoginDialog::updateMode);
    connect(m_trust, &QPushButton::clicked, this, [this] {
        // The person compared the fingerprint shown with the server's; from now on
        // exactly that certificate is trusted for this server, whatever its chain.
        m_settings->setPinnedCertificate(
            this->serverUrl(), CertificatePin::digestFromFingerprint(m_untrustedFingerprint));
        m_settings->sync();
        m_trust->hide();
        accept();
    });

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_url);
    form->addRow(tr("&User name:"), m_username);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_useToken);
    form->addRow(tr("API t&oken:"), m_apiToken);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_reason);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_trust, 0, Qt::AlignLeft);
    layout->addWidget(m_buttons);
    setMinimumWidth(480);
    updateMode();
    if (!m_username->text().isEmpty())
        m_password->setFocus();
}

LoginDialog::~LoginDialog()
{
    delete m_staff;
}

QUrl LoginDialog::serverUrl() const
{
    return QUrl::fromUserInput(m_url->text().trimmed());
}

void LoginDialog::setReason(const QString &text)
{
    m_reason->setText(text);
    m_reason->setVisible(!text.isEmpty());
}

QString LoginDialog::urlProblem(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return tr("Type the server address, e.g. https://boxoffice.example.org");
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return tr("The address must start with http:// or https://");
    return {};
}

void LoginDialog::updateMode()
{
    const bool token = m_useToken->isChecked();
    m_username->setEnabled(!token);
    m_password->setEnabled(!token);
    m_apiToken->setEnabled(token);
}

void LoginDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    if (busy)
        m_message->showMessage(InlineMessage::Kind::Info, tr("Checking with the server…"));
}

void LoginDialog::accept()
{
    if (m_busy)
        return;
    const QUrl url = serverUrl();
    if (const QString problem = urlProblem(url); !problem.isEmpty()) {
        m_message->showMessage(InlineMessage::Kind::Error, problem);
        m_url->setFocus();
        return;
    }
    m_trust->hide();
    m_probe->setBaseUrl(url);
    CertificatePin::apply(*m_probe, m_settings->pinnedCertificate(url));

    if (m_useToken->isChecked()) {
        const QByteArray token = m_apiToken->text().trimmed().toUtf8();
        if (token.isEmpty()) {
            m_message->showMessage(InlineMessage::Kind::Error, tr("Paste the API token."));
            m_apiToken->setFocus();
            return;
        }
        setBusy(true);
        m_probe->setToken(token);
        m_staff->me(this, [this, token](const Result<StaffIdentity> &me) {
            setBusy(false);
            if (me)
                return finishWith(token, *me);
            // A server from before staff accounts has no /auth/me; its one token is the admin's.
            if (me.error().code == ErrorCode::NotFound)
                return finishWith(
                    token,
                    StaffIdentity{
                        QStringLiteral("bootstrap"), {}, {}, QStringLiteral("admin"), {}, 0});
            showFailure(me.error());
        });
        return;
    }

    const QString username = m_username->text().trimmed();
    if (username.isEmpty() || m_password->text().isEmpty()) {
        m_message->showMessage(InlineMessage::Kind::Error, tr("Type your user name and password."));
        (username.isEmpty() ? m_username : m_password)->setFocus();
        return;
    }
    setBusy(true);
    m_probe->setToken({});
    m_staff->login(username, m_password->text(), this, [this](const Result<LoginGrant> &grant) {
        setBusy(false);
        if (!grant) {
            showFailure(grant.error());
            m_password->selectAll();
            m_password->setFocus();
            return;
        }
        m_settings->setLastUsername(grant->username);
        finishWith(
            grant->token,
            StaffIdentity{
                QStringLiteral("session"), grant->username, {}, grant->role, grant->expiresAt, 0});
    });
}

void LoginDialog::finishWith(const QByteArray &token, const StaffIdentity &identity)
{
    m_grantedToken = token;
    m_identity = identity;
    m_password->clear();
    m_message->clearMessage();
    QDialog::accept();
}

void LoginDialog::showFailure(const DomainError &error)
{
    const QString fingerprint = CertificatePin::untrustedFingerprint(error);
    if (!fingerprint.isEmpty()) {
        m_untrustedFingerprint = fingerprint;
        m_message->showMessage(
            InlineMessage::Kind::Warning,
            tr("The server's certificate is not trusted. Its SHA-256 fingerprint is\n%1\n"
               "Trust it only if it is the one your administrator gave you.")
                .arg(fingerprint));
        m_trust->show();
        return;
    }
    const int retryAfter = error.details.value(QStringLiteral("retry_after")).toInt();
    QString text;
    switch (error.code) {
    case ErrorCode::InvalidCredentials:
        text = tr("Wrong user name or password.");
        break;
    case ErrorCode::AccountLocked:
        text = tr("Too many failed attempts: this account is locked. Try again in %1, or ask an "
                  "administrator to unlock it.")
                   .arg(waitText(retryAfter));
        break;
    case ErrorCode::RateLimited:
        text =
            tr("Too many attempts from this computer. Try again in %1.").arg(waitText(retryAfter));
        break;
    case ErrorCode::Unauthorized:
        text = tr("The server does not accept this token (%1).")
                   .arg(error.details.value(QStringLiteral("reason")).toString());
        break;
    case ErrorCode::NotFound:
        text = tr("This server has no staff accounts yet: use an API token (its admin token).");
        break;
    default:
        text = ApiError::describe(error);
        break;
    }
    m_message->showMessage(InlineMessage::Kind::Error, text);
}
