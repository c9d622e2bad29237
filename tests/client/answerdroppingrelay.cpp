#include "answerdroppingrelay.h"

#include <QRegularExpression>
#include <QTcpSocket>

#include <memory>
#include <utility>

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
        // What to do with the answer to the request this connection waits for (HTTP/1.1
        // without pipelining: one at a time), decided when the request passes.
        auto exchange = std::make_shared<Exchange>();
        connect(server, &QTcpSocket::connected, server, [server, pending] {
            server->write(*pending);
            pending->clear();
        });
        connect(client, &QTcpSocket::readyRead, server, [this, client, server, pending, exchange] {
            const QByteArray bytes = client->readAll();
            record(bytes);
            if (startsRequest(bytes)) {
                exchange->hold = !m_holdLine.isEmpty() && bytes.startsWith(m_holdLine);
                exchange->drop = !m_dropLine.isEmpty() && bytes.startsWith(m_dropLine);
            }
            if (server->state() == QAbstractSocket::ConnectedState)
                server->write(bytes);
            else
                pending->append(bytes);
        });
        connect(server, &QTcpSocket::readyRead, client, [this, client, server, exchange] {
            const QByteArray answer = server->readAll();
            if (exchange->hold) {
                m_held.append({client, exchange, answer});
                return;
            }
            if (m_dropping || exchange->drop) {
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

void AnswerDroppingRelay::releaseHeldAnswers()
{
    const QList<Held> held = std::exchange(m_held, {});
    for (const Held &answer : held) {
        answer.exchange->hold = false; // the rest of it, if any, follows at once
        if (answer.client)
            answer.client->write(answer.answer);
    }
}

bool AnswerDroppingRelay::startsRequest(const QByteArray &bytes)
{
    for (const char *verb : {"GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "PATCH "}) {
        if (bytes.startsWith(verb))
            return true;
    }
    return false;
}

void AnswerDroppingRelay::record(const QByteArray &bytes)
{
    static const QRegularExpression key(QStringLiteral("(?i)\\r\\nIdempotency-Key: *([^\\r]*)"));
    const auto match = key.match(QString::fromLatin1(bytes));
    if (match.hasMatch())
        m_keys << match.captured(1).toLatin1();
}
