#include "connectiondialog.h"

#include "inlinemessage.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QVBoxLayout>

ConnectionDialog::ConnectionDialog(const QUrl &serverUrl, const QByteArray &token, QWidget *parent)
    : QDialog(parent), m_url(new QLineEdit(serverUrl.toString(), this)),
      m_token(new QLineEdit(QString::fromUtf8(token), this)), m_message(new InlineMessage(this))
{
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Connection"));
    m_url->setObjectName(QStringLiteral("serverUrl"));
    m_url->setPlaceholderText(QStringLiteral("http://localhost:3000"));
    m_token->setObjectName(QStringLiteral("adminToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("only needed for admin actions"));
    QAction *reveal = m_token->addAction(QIcon(), QLineEdit::TrailingPosition);
    reveal->setText(tr("Show"));
    reveal->setCheckable(true);
    connect(reveal, &QAction::toggled, this, [this](bool shown) {
        m_token->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
    });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("&Server URL:"), m_url);
    form->addRow(tr("Admin &token:"), m_token);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

QUrl ConnectionDialog::serverUrl() const
{
    return QUrl::fromUserInput(m_url->text().trimmed());
}

QByteArray ConnectionDialog::token() const
{
    return m_token->text().trimmed().toUtf8();
}

QString ConnectionDialog::urlProblem(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return tr("Type the server address, e.g. http://localhost:3000");
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return tr("The address must start with http:// or https://");
    return {};
}

void ConnectionDialog::accept()
{
    const QString problem = urlProblem(serverUrl());
    if (!problem.isEmpty()) {
        m_message->showMessage(InlineMessage::Kind::Error, problem);
        m_url->setFocus();
        return;
    }
    QDialog::accept();
}
