#pragma once

#include "stafftypes.h"

#include <QWidget>

#include <optional>

class ApiTokensModel;
class InlineMessage;
class QComboBox;
class QDateTimeEdit;
class QCheckBox;
class QFrame;
class QLineEdit;
class QPushButton;
class QTableView;
class StaffApi;

// The admin's API tokens page: the tokens other programs use (a web shop, a
// kiosk), never their secrets; a form for a new one, whose secret is shown once
// in a copyable field with a warning; and revoking the selected one.
class TokensPage : public QWidget
{
    Q_OBJECT
public:
    explicit TokensPage(StaffApi *staff, QWidget *parent = nullptr);

    ApiTokensModel *model() const { return m_model; }

public slots:
    void reload();
    // Drops a secret still on screen (leaving the page, logging out).
    void hideSecret();

private:
    std::optional<ApiTokenInfo> selectedToken() const;
    void createToken();
    void showSecret(const ApiTokenInfo &token);

    StaffApi *m_staff;
    ApiTokensModel *m_model;
    QTableView *m_table;
    InlineMessage *m_message;
    QLineEdit *m_name;
    QComboBox *m_role;
    QCheckBox *m_expires;
    QDateTimeEdit *m_expiresAt;
    QPushButton *m_create;
    QPushButton *m_revoke;
    QFrame *m_secretPanel;
    QLineEdit *m_secret;
};
