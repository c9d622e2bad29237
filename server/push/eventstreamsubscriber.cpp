#include "eventstreamsubscriber.h"

#include "http/responsestream.h"

namespace {
// A browser's EventSource reconnects after this long when the stream ends.
constexpr int kRetryMs = 2000;
} // namespace

EventStreamSubscriber::EventStreamSubscriber(ResponseStream *stream,
                                             const PushSubscription &subscription)
    : PushSubscriber(PushMetrics::Transport::EventStream, subscription, stream), m_stream(stream)
{
    m_stream->write("retry: " + QByteArray::number(kRetryMs) + "\n\n");
    // Parented to the stream, so destroyed with it; a stream the server ends
    // (drain) or cuts off is gone for the hub already now.
    connect(m_stream, &ResponseStream::finished, this, [this] { emit gone(this); });
    connect(m_stream, &QObject::destroyed, this, [this] { emit gone(this); });
}

void EventStreamSubscriber::write(const PushMessage &message)
{
    if (!m_stream)
        return;
    QByteArray event;
    event.reserve(message.json.size() + 48);
    if (message.seq > 0)
        event += "id: " + QByteArray::number(message.seq) + '\n';
    event += "event: " + message.type + "\ndata: " + message.json + "\n\n";
    m_stream->write(event);
}

qint64 EventStreamSubscriber::unsentBytes() const
{
    return m_stream ? m_stream->unsentBytes() : 0;
}

void EventStreamSubscriber::heartbeat()
{
    if (m_stream)
        m_stream->write(": keepalive\n\n");
}

void EventStreamSubscriber::close()
{
    if (m_stream)
        m_stream->close();
}

void EventStreamSubscriber::flush()
{
    if (m_stream)
        m_stream->flush();
}
