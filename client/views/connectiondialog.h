#pragma once

#include <QDialog>
#include <QUrl>

class InlineMessage;
class QLineEdit;

// Where the server is and which admin token to send. An empty token is fine:
// the counter works without one, only the admin actions need it.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    ConnectionDialog(const QUrl &serverUrl, const QByteArray &token, QWidget *parent = nullptr);

    QUrl serverUrl() const;
    QByteArray token() const;

    // Empty when the URL can be used.
    static QString urlProblem(const QUrl &url);

    void accept() override;

private:
    QLineEdit *m_url;
    QLineEdit *m_token;
    InlineMessage *m_message;
};
