#pragma once

#include "pushsubscriber.h"

#include <QPointer>

class ResponseStream;

// A live-push subscriber over Server-Sent Events (GET /events): each message
// is one event, "id:" the feed number, "event:" the type, "data:" the JSON.
// Lives as long as its response stream (its parent): the client leaving or
// the server draining ends both.
class EventStreamSubscriber : public PushSubscriber
{
    Q_OBJECT
public:
    EventStreamSubscriber(ResponseStream *stream, const PushSubscription &subscription);

    void heartbeat() override;
    void close() override;

protected:
    void write(const PushMessage &message) override;
    qint64 unsentBytes() const override;
    void flush() override;

private:
    QPointer<ResponseStream> m_stream;
};
