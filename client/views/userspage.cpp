#include "userspage.h"

#include "apierror.h"
#include "inlinemessage.h"
#include "staffapi.h"
#include "staffusersmodel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace {
QComboBox *roleBox(const QString &name, QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->setObjectName(name);
    box->addItem(UsersPage::tr("clerk"), QStringLiteral("clerk"));
    box->addItem(UsersPage::tr("admin"), QStringLiteral("admin"));
    return box;
}

QPushButton *button(const QString &text, const QString &name, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    return b;
}
} // namespace

UsersPage::UsersPage(StaffApi *staff, QWidget *parent)
    : QWidget(parent), m_staff(staff), m_model(new StaffUsersModel(this)),
      m_table(new QTableView(this)), m_message(new InlineMessage(this)),
      m_newName(new QLineEdit(this)), m_newPassword(new QLineEdit(this)),
      m_newRole(roleBox(QStringLiteral("newUserRole"), this)),
      m_create(button(tr("&Create account"), QStringLiteral("createUserButton"), this)),
      m_role(roleBox(QStringLiteral("userRole"), this)),
      m_setRole(button(tr("Set &role"), QStringLiteral("setRoleButton"), this)),
      m_resetPassword(new QLineEdit(this)),
      m_reset(button(tr("Reset &password"), QStringLiteral("resetPasswordButton"), this)),
      m_toggleDisabled(button(tr("&Disable"), QStringLiteral("toggleDisabledButton"), this)),
      m_unlock(button(tr("&Unlock"), QStringLiteral("unlockButton"), this))
{
    setObjectName(QStringLiteral("usersPage"));
    m_table->setObjectName(QStringLiteral("usersTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_message->setObjectName(QStringLiteral("usersMessage"));
    m_newName->setObjectName(QStringLiteral("newUsername"));
    m_newName->setPlaceholderText(tr("letters, digits, . _ @ -"));
    m_newPassword->setObjectName(QStringLiteral("newUserPassword"));
    m_newPassword->setEchoMode(QLineEdit::Password);
    m_newPassword->setPlaceholderText(tr("at least 10 characters"));
    m_resetPassword->setObjectName(QStringLiteral("resetPasswordField"));
    m_resetPassword->setEchoMode(QLineEdit::Password);
    m_resetPassword->setPlaceholderText(tr("new password"));
    auto *refresh = button(tr("Re&fresh"), QStringLiteral("refreshUsersButton"), this);

    auto *create = new QGroupBox(tr("New account"), this);
    auto *createForm = new QFormLayout(create);
    createForm->addRow(tr("User &name:"), m_newName);
    createForm->addRow(tr("Pass&word:"), m_newPassword);
    createForm->addRow(tr("R&ole:"), m_newRole);
    createForm->addRow(QString(), m_create);

    auto *selected = new QGroupBox(tr("Selected account"), this);
    auto *selectedForm = new QFormLayout(selected);
    auto *roleRow = new QHBoxLayout;
    roleRow->addWidget(m_role, 1);
    roleRow->addWidget(m_setRole);
    selectedForm->addRow(tr("Role:"), roleRow);
    auto *passwordRow = new QHBoxLayout;
    passwordRow->addWidget(m_resetPassword, 1);
    passwordRow->addWidget(m_reset);
    selectedForm->addRow(tr("Password:"), passwordRow);
    auto *stateRow = new QHBoxLayout;
    stateRow->addWidget(m_toggleDisabled);
    stateRow->addWidget(m_unlock);
    stateRow->addStretch(1);
    selectedForm->addRow(tr("Access:"), stateRow);

    auto *side = new QVBoxLayout;
    side->addWidget(create);
    side->addWidget(selected);
    side->addStretch(1);
    auto *top = new QHBoxLayout;
    top->addWidget(m_table, 3);
    top->addLayout(side, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(refresh, 0, Qt::AlignLeft);
    layout->addLayout(top, 1);
    layout->addWidget(m_message);

    connect(refresh, &QPushButton::clicked, this, &UsersPage::reload);
    connect(m_create, &QPushButton::clicked, this, &UsersPage::createUser);
    connect(m_newPassword, &QLineEdit::returnPressed, this, &UsersPage::createUser);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &UsersPage::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &UsersPage::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &UsersPage::updateActions);
    connect(m_setRole, &QPushButton::clicked, this, [this] {
        if (const auto user = selectedUser())
            m_staff->updateUser(user->id, m_role->currentData().toString(), std::nullopt, this,
                                [this](const Result<StaffUser> &r) {
                                    applied(r, tr("Role changed; their sessions were ended."));
                                });
    });
    connect(m_reset, &QPushButton::clicked, this, [this] {
        const auto user = selectedUser();
        if (!user)
            return;
        m_staff->resetPassword(user->id, m_resetPassword->text(), this,
                               [this](const Result<StaffUser> &r) {
                                   if (r)
                                       m_resetPassword->clear();
                                   applied(r, tr("Password reset; their sessions were ended."));
                               });
    });
    connect(m_toggleDisabled, &QPushButton::clicked, this, [this] {
        if (const auto user = selectedUser())
            m_staff->updateUser(user->id, std::nullopt, !user->disabled, this,
                                [this, enable = user->disabled](const Result<StaffUser> &r) {
                                    applied(r, enable ? tr("Account enabled.")
                                                      : tr("Account disabled; its sessions were "
                                                           "ended."));
                                });
    });
    connect(m_unlock, &QPushButton::clicked, this, [this] {
        if (const auto user = selectedUser())
            m_staff->unlockUser(user->id, this, [this](const Result<StaffUser> &r) {
                applied(r, tr("Account unlocked."));
            });
    });
    updateActions();
}

void UsersPage::reload()
{
    m_staff->users(this, [this](const Result<QList<StaffUser>> &users) {
        if (!users) {
            m_message->showMessage(InlineMessage::Kind::Error, ApiError::describe(users.error()));
            return;
        }
        const auto kept = selectedUser();
        m_model->setUsers(*users);
        if (kept) {
            const int row = m_model->rowOfUser(kept->username);
            if (row >= 0)
                m_table->selectRow(row);
        }
    });
}

std::optional<StaffUser> UsersPage::selectedUser() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty() || rows.first().row() >= m_model->rowCount())
        return std::nullopt;
    return m_model->userAt(rows.first().row());
}

void UsersPage::updateActions()
{
    const auto user = selectedUser();
    for (QWidget *w : {static_cast<QWidget *>(m_role), static_cast<QWidget *>(m_setRole),
                       static_cast<QWidget *>(m_resetPassword), static_cast<QWidget *>(m_reset),
                       static_cast<QWidget *>(m_toggleDisabled)})
        w->setEnabled(user.has_value());
    m_unlock->setEnabled(user && (user->failedLogins > 0 || user->lockedUntil.isValid()));
    if (user) {
        m_role->setCurrentIndex(std::max(0, m_role->findData(user->role)));
        m_toggleDisabled->setText(user->disabled ? tr("&Enable") : tr("&Disable"));
    }
}

void UsersPage::applied(const Result<StaffUser> &result, const QString &done)
{
    if (!result) {
        m_message->showMessage(InlineMessage::Kind::Error, ApiError::describe(result.error()));
        return;
    }
    m_model->upsertUser(*result);
    m_message->showMessage(InlineMessage::Kind::Success,
                           QStringLiteral("%1: %2").arg(result->username, done));
}

void UsersPage::createUser()
{
    const QString name = m_newName->text().trimmed();
    if (name.isEmpty()) {
        m_message->showMessage(InlineMessage::Kind::Error, tr("Type a user name."));
        m_newName->setFocus();
        return;
    }
    m_create->setEnabled(false);
    m_staff->createUser(name, m_newPassword->text(), m_newRole->currentData().toString(), this,
                        [this](const Result<StaffUser> &r) {
                            m_create->setEnabled(true);
                            if (r) {
                                m_newName->clear();
                                m_newPassword->clear();
                            }
                            applied(r, tr("account created."));
                        });
}
