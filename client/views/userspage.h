#pragma once

#include "result.h"
#include "stafftypes.h"

#include <QWidget>

#include <optional>

class InlineMessage;
class QComboBox;
class QLineEdit;
class QPushButton;
class QTableView;
class StaffApi;
class StaffUsersModel;

// The admin's Users page: the staff accounts (role, disabled, lock, failed
// logins), a form for a new account, and for the selected one: change role,
// reset password, disable or enable, unlock. Everything inline, no modal dialog,
// each outcome in the message line; the server's rules (last admin, weak
// password) come back as its own words.
class UsersPage : public QWidget
{
    Q_OBJECT
public:
    explicit UsersPage(StaffApi *staff, QWidget *parent = nullptr);

    StaffUsersModel *model() const { return m_model; }

public slots:
    void reload();

private:
    std::optional<StaffUser> selectedUser() const;
    void updateActions();
    void applied(const Result<StaffUser> &result, const QString &done);
    void createUser();

    StaffApi *m_staff;
    StaffUsersModel *m_model;
    QTableView *m_table;
    InlineMessage *m_message;
    QLineEdit *m_newName;
    QLineEdit *m_newPassword;
    QComboBox *m_newRole;
    QPushButton *m_create;
    QComboBox *m_role;
    QPushButton *m_setRole;
    QLineEdit *m_resetPassword;
    QPushButton *m_reset;
    QPushButton *m_toggleDisabled;
    QPushButton *m_unlock;
};
