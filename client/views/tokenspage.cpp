#include "tokenspage.h"

#include "apierror.h"
#include "apitokensmodel.h"
#include "inlinemessage.h"
#include "staffapi.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

TokensPage::TokensPage(StaffApi *staff, QWidget *parent)
    : QWidget(parent), m_staff(staff), m_model(new ApiTokensModel(this)),
      m_table(new QTableView(this)), m_message(new InlineMessage(this)),
      m_name(new QLineEdit(this)), m_role(new QComboBox(this)),
      m_expires(new QCheckBox(tr("E&xpires"), this)), m_expiresAt(new QDateTimeEdit(this)),
      m_create(new QPushButton(tr("&Create token"), this)),
      m_revoke(new QPushButton(tr("&Revoke selected"), this)), m_secretPanel(new QFrame(this)),
      m_secret(new QLineEdit(this))
{
    setObjectName(QStringLiteral("tokensPage"));
    m_table->setObjectName(QStringLiteral("tokensTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_message->setObjectName(QStringLiteral("tokensMessage"));
    m_name->setObjectName(QStringLiteral("newTokenName"));
    m_name->setPlaceholderText(tr("e.g. web-shop"));
    m_role->setObjectName(QStringLiteral("newTokenRole"));
    m_role->addItem(tr("shop (books, sees only its own bookings)"), QStringLiteral("shop"));
    m_role->addItem(tr("clerk"), QStringLiteral("clerk"));
    m_role->addItem(tr("admin"), QStringLiteral("admin"));
    m_expires->setObjectName(QStringLiteral("newTokenExpires"));
    m_expiresAt->setObjectName(QStringLiteral("newTokenExpiresAt"));
    m_expiresAt->setCalendarPopup(true);
    m_expiresAt->setDateTime(QDateTime::currentDateTime().addDays(90));
    m_expiresAt->setEnabled(false);
    m_create->setObjectName(QStringLiteral("createTokenButton"));
    m_revoke->setObjectName(QStringLiteral("revokeTokenButton"));
    m_secret->setObjectName(QStringLiteral("newTokenSecret"));
    m_secret->setReadOnly(true);
    auto *copy = new QPushButton(tr("Co&py"), m_secretPanel);
    copy->setObjectName(QStringLiteral("copyTokenButton"));
    auto *refresh = new QPushButton(tr("Re&fresh"), this);
    refresh->setObjectName(QStringLiteral("refreshTokensButton"));

    m_secretPanel->setObjectName(QStringLiteral("newTokenPanel"));
    m_secretPanel->setFrameShape(QFrame::StyledPanel);
    auto *warning = new QLabel(tr("Copy this token now: it is shown only this once and the "
                                  "server keeps only its hash. Give it only to the program "
                                  "that needs it."),
                               m_secretPanel);
    warning->setWordWrap(true);
    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_secret, 1);
    secretRow->addWidget(copy);
    auto *secretLayout = new QVBoxLayout(m_secretPanel);
    secretLayout->addWidget(warning);
    secretLayout->addLayout(secretRow);
    m_secretPanel->hide();

    auto *create = new QGroupBox(tr("New API token"), this);
    auto *form = new QFormLayout(create);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("R&ole:"), m_role);
    auto *expiresRow = new QHBoxLayout;
    expiresRow->addWidget(m_expires);
    expiresRow->addWidget(m_expiresAt, 1);
    form->addRow(QString(), expiresRow);
    form->addRow(QString(), m_create);

    auto *side = new QVBoxLayout;
    side->addWidget(create);
    side->addWidget(m_secretPanel);
    side->addWidget(m_revoke, 0, Qt::AlignLeft);
    side->addStretch(1);
    auto *top = new QHBoxLayout;
    top->addWidget(m_table, 3);
    top->addLayout(side, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(refresh, 0, Qt::AlignLeft);
    layout->addLayout(top, 1);
    layout->addWidget(m_message);

    connect(refresh, &QPushButton::clicked, this, &TokensPage::reload);
    connect(m_expires, &QCheckBox::toggled, m_expiresAt, &QWidget::setEnabled);
    connect(m_create, &QPushButton::clicked, this, &TokensPage::createToken);
    connect(copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_secret->text());
        m_message->showMessage(InlineMessage::Kind::Info, tr("Token copied."));
    });
    auto updateRevoke = [this] {
        const auto token = selectedToken();
        m_revoke->setEnabled(token && !token->revokedAt.isValid());
    };
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, updateRevoke);
    connect(m_model, &QAbstractItemModel::dataChanged, this, updateRevoke);
    connect(m_model, &QAbstractItemModel::modelReset, this, updateRevoke);
    connect(m_revoke, &QPushButton::clicked, this, [this] {
        const auto token = selectedToken();
        if (!token)
            return;
        m_staff->revokeToken(token->id, this, [this](const Result<ApiTokenInfo> &revoked) {
            if (!revoked) {
                m_message->showMessage(InlineMessage::Kind::Error,
                                       ApiError::describe(revoked.error()));
                return;
            }
            m_model->upsertToken(*revoked);
            m_message->showMessage(InlineMessage::Kind::Success,
                                   tr("Token \"%1\" revoked.").arg(revoked->name));
        });
    });
    updateRevoke();
}

void TokensPage::reload()
{
    m_staff->tokens(this, [this](const Result<QList<ApiTokenInfo>> &tokens) {
        if (!tokens) {
            m_message->showMessage(InlineMessage::Kind::Error, ApiError::describe(tokens.error()));
            return;
        }
        m_model->setTokens(*tokens);
    });
}

void TokensPage::hideSecret()
{
    m_secret->clear();
    m_secretPanel->hide();
}

std::optional<ApiTokenInfo> TokensPage::selectedToken() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty() || rows.first().row() >= m_model->rowCount())
        return std::nullopt;
    return m_model->tokenAt(rows.first().row());
}

void TokensPage::createToken()
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty()) {
        m_message->showMessage(InlineMessage::Kind::Error, tr("Name the token after its user."));
        m_name->setFocus();
        return;
    }
    const QDateTime expires =
        m_expires->isChecked() ? m_expiresAt->dateTime().toUTC() : QDateTime();
    m_create->setEnabled(false);
    m_staff->createToken(name, m_role->currentData().toString(), expires, this,
                         [this](const Result<ApiTokenInfo> &created) {
                             m_create->setEnabled(true);
                             if (!created) {
                                 m_message->showMessage(InlineMessage::Kind::Error,
                                                        ApiError::describe(created.error()));
                                 return;
                             }
                             m_name->clear();
                             ApiTokenInfo listed = *created;
                             listed.secret.clear(); // the model never holds a secret
                             m_model->upsertToken(listed);
                             showSecret(*created);
                         });
}

void TokensPage::showSecret(const ApiTokenInfo &token)
{
    m_secret->setText(QString::fromUtf8(token.secret));
    m_secretPanel->show();
    m_secret->selectAll();
    m_secret->setFocus();
    m_message->showMessage(InlineMessage::Kind::Success,
                           tr("Token \"%1\" created.").arg(token.name));
}
