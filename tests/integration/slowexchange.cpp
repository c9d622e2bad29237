#include "slowexchange.h"

#include <QEventLoop>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

QList<RawExchange::Outcome> SlowExchange::run(const QList<Request> &requests, quint16 port,
                                              int maxChunk, int gapMs, int timeoutMs)
{
    QList<RawExchange::Outcome> outcomes(requests.size());
    if (requests.isEmpty())
        return outcomes;
    QEventLoop loop;
    int running = 0;
    for (qsizetype index = 0; index < requests.size(); ++index) {
        ++running;
        auto *socket = new QTcpSocket(&loop);
        auto *pacer = new QTimer(socket);
        auto *deadline = new QTimer(socket);
        deadline->setSingleShot(true);
        const QByteArray bytes =
            requests.at(index).stalled
                ? requests.at(index).bytes.left(requests.at(index).bytes.size() / 2)
                : requests.at(index).bytes;
        auto sent = std::make_shared<qsizetype>(0);
        auto finished = std::make_shared<bool>(false);
        const auto finish = [&, socket, index, finished](bool timedOut) {
            if (*finished)
                return;
            *finished = true;
            RawExchange::Outcome &outcome = outcomes[index];
            outcome.received += socket->readAll();
            outcome.timedOut = timedOut;
            outcome.leftover = outcome.received;
            outcome.answers = RawHttpResponse::takeAll(&outcome.leftover);
            socket->disconnect();
            socket->abort();
            socket->deleteLater();
            if (--running == 0)
                loop.quit();
        };
        // The piece sizes follow the request's index, so a run is repeatable.
        QObject::connect(pacer, &QTimer::timeout, socket,
                         [socket, pacer, bytes, sent, maxChunk, index]() {
                             const qsizetype size = 1 + (*sent * 7 + index) % maxChunk;
                             socket->write(bytes.mid(*sent, size));
                             *sent += size;
                             if (*sent >= bytes.size())
                                 pacer->stop();
                         });
        QObject::connect(socket, &QTcpSocket::connected, pacer,
                         [pacer, gapMs]() { pacer->start(gapMs); });
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, &outcomes, index]() {
            outcomes[index].received += socket->readAll();
        });
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [finish]() { finish(false); });
        QObject::connect(socket, &QTcpSocket::errorOccurred, socket,
                         [finish, socket](QAbstractSocket::SocketError) {
                             if (socket->state() != QAbstractSocket::ConnectedState)
                                 finish(false);
                         });
        QObject::connect(deadline, &QTimer::timeout, socket, [finish]() { finish(true); });
        deadline->start(timeoutMs);
        socket->connectToHost(QHostAddress::LocalHost, port);
    }
    loop.exec();
    return outcomes;
}
