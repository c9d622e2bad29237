#include "answerdroppingrelay.h"

#include <QRegularExpression>
#include <QTcpSocket>

#include <memory>

AnswerDroppingRelay::AnswerDroppingRelay(quint16 serverPort) : m_serverPort(serverPort)
{
    connect(&m_listener, &QTcpServer::newConnection, this, &AnswerDroppingRelay::accept);
    m_listener.listen(QHostAddress::LocalHost);
}

QUrl AnswerDroppingRelay::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_listener.serverPort()));
}

void AnswerDroppingRelay::accept()
{
    while (QTcpSocket *client = m_listener.nextPendingConnection()) {
        auto *server = new QTcpSocket(client);
        auto pending = std::make_shared<QByteArray>();
        connect(server, &QTcpSocket::connected, server, [server, pending] {
            server->write(*pending);
            pending->clear();
        });
        connect(client, &QTcpSocket::readyRead, server, [this, client, server, pending] {
            const QByteArray bytes = client->readAll();
            record(bytes);
            if (server->state() == QAbstractSocket::ConnectedState)
                server->write(bytes);
            else
                pending->append(bytes);
        });
        connect(server, &QTcpSocket::readyRead, client, [this, client, server] {
            const QByteArray answer = server->readAll();
            if (m_dropping) {
                ++m_dropped;
                client->abort();
                client->deleteLater();
                return;
            }
            client->write(answer);
        });
        connect(server, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        server->connectToHost(QHostAddress::LocalHost, m_serverPort);
    }
}

void AnswerDroppingRelay::record(const QByteArray &bytes)
{
    static const QRegularExpression key(QStringLiteral("(?i)\\r\\nIdempotency-Key: *([^\\r]*)"));
    const auto match = key.match(QString::fromLatin1(bytes));
    if (match.hasMatch())
        m_keys << match.captured(1).toLatin1();
}
