#include "streamedanswer.h"

#include "app/logcategories.h"

#include "apiresponse.h"
#include "httpresponsewriter.h"
#include "responsestream.h"
#include "tlssocket.h"

#include <QLoggingCategory>
#include <QTcpSocket>


namespace {
// A stream whose client stops reading is cut off past this much unsent data.
constexpr qint64 kMaxUnsentStreamBytes = 4 * 1024 * 1024;
} // namespace

StreamedAnswer::StreamedAnswer(QTcpSocket *socket, const ApiResponse &response, bool close,
                               bool http10, QObject *parent)
    : QObject(parent), m_socket(socket), m_stream(new ResponseStream(this)), m_chunked(!http10),
      m_close(close || http10)
{
    m_socket->write(HttpResponseWriter::serialise(response, m_close, false,
                                                  m_chunked
                                                      ? HttpResponseWriter::Framing::Chunked
                                                      : HttpResponseWriter::Framing::UntilClose));
    m_stream->setSocketAccess(
        [socket = m_socket] { return socket ? TlsSocket::unsentBytes(socket) : qint64(0); },
        [socket = m_socket] {
            if (socket)
                socket->flush();
        });
    connect(m_stream, &ResponseStream::chunkReady, this, &StreamedAnswer::writeChunk);
    connect(m_stream, &ResponseStream::finished, this, &StreamedAnswer::onStreamFinished);
    if (!response.body.isEmpty())
        m_stream->write(response.body);
    response.openStream(m_stream);
}

void StreamedAnswer::end()
{
    m_stream->close();
}

void StreamedAnswer::writeChunk(const QByteArray &bytes)
{
    if (!m_socket)
        return;
    if (TlsSocket::unsentBytes(m_socket) > kMaxUnsentStreamBytes) {
        qCWarning(lcHttp) << "closing a stream whose client does not read it";
        m_socket->abort();
        return;
    }
    m_socket->write(m_chunked ? HttpResponseWriter::chunk(bytes) : bytes);
}

void StreamedAnswer::onStreamFinished()
{
    deleteLater();
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (m_chunked)
        m_socket->write("0\r\n\r\n");
    emit finished(m_close);
}
