#pragma once

#include "apirequest.h"

#include <QObject>
#include <QQueue>
#include <QTcpSocket>

// The requests a keep-alive connection has sent but not yet been answered,
// so answers leave in request order. A child of its socket: it dies with it.
class ConnectionQueue : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionQueue(QTcpSocket *socket) : QObject(socket) {}

    static ConnectionQueue *of(QTcpSocket *socket)
    {
        return socket->findChild<ConnectionQueue *>(QString(), Qt::FindDirectChildrenOnly);
    }

    QQueue<ApiRequest> waiting;
    bool busy = false; // a request of this connection is being worked on, or its answer is draining
    QMetaObject::Connection drain; // set while waiting for a slow reader to take our answers
};
