#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <algorithm>
#include <functional>

// A local HTTP peer (a real QTcpServer, for client tests without the server) that keeps every
// request (head and body) and answers it when the test says so, or at once when `answerNow` gives
// bytes.
class ScriptedPeer : public QTcpServer
{
public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QByteArray head;
        QJsonObject body;
        QPointer<QTcpSocket> socket;
        QByteArray header(const QByteArray &name) const
        {
            for (const QByteArray &line : head.split('\n')) {
                const qsizetype colon = line.indexOf(':');
                if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                    return line.mid(colon + 1).trimmed();
            }
            return {};
        }
    };
    std::function<QByteArray(const Request &)> answerNow;
    QList<Request> requests;

    ScriptedPeer()
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { read(socket); });
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(serverPort())); }

    void answer(int index, const QByteArray &bytes)
    {
        QTcpSocket *socket = requests.at(index).socket;
        if (!socket)
            return;
        socket->write(bytes);
        socket->disconnectFromHost();
    }
    int count(const QByteArray &method, const QByteArray &path) const
    {
        return int(std::count_if(requests.cbegin(), requests.cend(), [&](const Request &r) {
            return r.method == method && r.path == path;
        }));
    }

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request request;
        request.head = buffer.left(end);
        const QList<QByteArray> words = request.head.left(request.head.indexOf("\r\n")).split(' ');
        request.method = words.value(0);
        request.path = words.value(1);
        const int length = request.header("Content-Length").toInt();
        if (buffer.size() < end + 4 + length)
            return;
        request.body = QJsonDocument::fromJson(buffer.mid(end + 4, length)).object();
        request.socket = socket;
        buffer.clear();
        requests.append(request);
        const QByteArray bytes = answerNow ? answerNow(request) : QByteArray();
        if (!bytes.isEmpty())
            answer(int(requests.size()) - 1, bytes);
    }
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

inline QByteArray http(int status, const QByteArray &body)
{
    return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\n" +
           "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" +
           body;
}

inline QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}
