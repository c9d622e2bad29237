#include "websocketreader.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace {
constexpr int kContinuation = 0x0, kText = 0x1, kClose = 0x8, kPing = 0x9, kPong = 0xA;
const QByteArray kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"; // RFC 6455 1.3
} // namespace

WebSocketReader::WebSocketReader()
{
    QByteArray nonce(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(nonce.data()), 4);
    m_key = nonce.toBase64();
}

QByteArray WebSocketReader::request(const QByteArray &host, const QByteArray &target) const
{
    return "GET " + target + " HTTP/1.1\r\nHost: " + host +
           "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13"
           "\r\nSec-WebSocket-Key: " +
           m_key + "\r\n\r\n";
}

bool WebSocketReader::feed(const QByteArray &bytes, QList<QByteArray> *messages, QByteArray *reply)
{
    if (!m_failure.isEmpty())
        return false;
    m_raw += bytes;
    if (!m_headDone && !readHead())
        return m_failure.isEmpty();
    takeFrames(messages, reply);
    return m_failure.isEmpty();
}

bool WebSocketReader::readHead()
{
    const qsizetype end = m_raw.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QByteArray head = m_raw.left(end);
    m_raw.remove(0, end + 4);
    if (!head.startsWith("HTTP/1.1 101")) {
        m_failure = head.left(head.indexOf("\r\n"));
        return false;
    }
    const QByteArray accept =
        QCryptographicHash::hash(m_key + kAcceptGuid, QCryptographicHash::Sha1).toBase64();
    if (!head.toLower().contains("\r\nsec-websocket-accept: " + accept.toLower())) {
        m_failure = "101 without the expected Sec-WebSocket-Accept";
        return false;
    }
    m_headDone = true;
    return true;
}

void WebSocketReader::takeFrames(QList<QByteArray> *messages, QByteArray *reply)
{
    for (;;) {
        if (m_raw.size() < 2)
            return;
        const auto *bytes = reinterpret_cast<const uchar *>(m_raw.constData());
        const bool fin = bytes[0] & 0x80;
        const int opcode = bytes[0] & 0x0F;
        if (bytes[1] & 0x80) {
            m_failure = "a masked frame from the server";
            return;
        }
        qsizetype headerSize = 2;
        quint64 length = bytes[1] & 0x7F;
        if (length == 126) {
            if (m_raw.size() < 4)
                return;
            length = (quint64(bytes[2]) << 8) | bytes[3];
            headerSize = 4;
        } else if (length == 127) {
            if (m_raw.size() < 10)
                return;
            length = 0;
            for (int i = 2; i < 10; ++i)
                length = (length << 8) | bytes[i];
            headerSize = 10;
        }
        if (length > quint64(16 * 1024 * 1024)) {
            m_failure = "a frame over 16 MiB";
            return;
        }
        if (quint64(m_raw.size() - headerSize) < length)
            return;
        const QByteArray payload = m_raw.mid(headerSize, qsizetype(length));
        m_raw.remove(0, headerSize + qsizetype(length));
        switch (opcode) {
        case kText:
        case kContinuation:
            m_fragments += payload;
            if (fin) {
                messages->append(m_fragments);
                m_fragments.clear();
            }
            break;
        case kPing:
            *reply += maskedFrame(kPong, payload);
            break;
        case kClose:
            m_failure = "the server closed the WebSocket";
            return;
        default:
            break; // pongs and binary frames: nothing the benchmark reads
        }
    }
}

QByteArray WebSocketReader::maskedFrame(int opcode, const QByteArray &payload)
{
    // Control frames carry at most 125 bytes, so the short length form is enough.
    QByteArray frame;
    frame += char(0x80 | opcode);
    frame += char(0x80 | (payload.size() & 0x7F));
    quint32 mask = QRandomGenerator::global()->generate();
    const QByteArray maskBytes(reinterpret_cast<const char *>(&mask), 4);
    frame += maskBytes;
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame += char(payload[i] ^ maskBytes[i % 4]);
    return frame;
}
