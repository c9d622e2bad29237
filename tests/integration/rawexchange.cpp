#include "rawexchange.h"

#include <QEventLoop>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>

#include <functional>
#include <memory>

QList<RawExchange::Outcome> RawExchange::run(const QList<QByteArray> &requests, quint16 port,
                                             int concurrency, int timeoutMs)
{
    QList<Outcome> outcomes(requests.size());
    QEventLoop loop;
    int next = 0;
    int running = 0;
    std::function<void()> startNext;

    startNext = [&]() {
        while (running < concurrency && next < requests.size()) {
            const int index = next++;
            ++running;
            auto *socket = new QTcpSocket(&loop);
            auto *timer = new QTimer(socket);
            timer->setSingleShot(true);
            auto finished = std::make_shared<bool>(false);
            const auto finish = [&, socket, index, finished](bool timedOut) {
                if (*finished)
                    return;
                *finished = true;
                Outcome &outcome = outcomes[index];
                outcome.received += socket->readAll();
                outcome.timedOut = timedOut;
                if (socket->error() != QAbstractSocket::RemoteHostClosedError &&
                    socket->error() != QAbstractSocket::UnknownSocketError)
                    outcome.socketError = socket->errorString();
                outcome.leftover = outcome.received;
                outcome.answers = RawHttpResponse::takeAll(&outcome.leftover);
                socket->disconnect();
                socket->abort();
                socket->deleteLater();
                --running;
                if (next >= requests.size() && running == 0)
                    loop.quit();
                else
                    QTimer::singleShot(0, &loop, startNext);
            };
            QObject::connect(socket, &QTcpSocket::connected, socket,
                             [socket, &requests, index]() { socket->write(requests.at(index)); });
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, &outcomes, index]() {
                outcomes[index].received += socket->readAll();
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket,
                             [finish]() { finish(false); });
            QObject::connect(socket, &QTcpSocket::errorOccurred, socket,
                             [finish, socket](QAbstractSocket::SocketError error) {
                                 // A reset after the answer (the server closed with unread
                                 // bytes) still ends the exchange; what came counts.
                                 if (error == QAbstractSocket::RemoteHostClosedError ||
                                     socket->state() != QAbstractSocket::ConnectedState)
                                     finish(false);
                             });
            QObject::connect(timer, &QTimer::timeout, socket, [finish]() { finish(true); });
            timer->start(timeoutMs);
            socket->connectToHost(QHostAddress::LocalHost, port);
        }
    };
    if (requests.isEmpty())
        return outcomes;
    QTimer::singleShot(0, &loop, startNext);
    loop.exec();
    return outcomes;
}
