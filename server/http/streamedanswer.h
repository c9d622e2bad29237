#pragma once

#include <QObject>
#include <QPointer>

class QTcpSocket;
class ResponseStream;
struct ApiResponse;

// One long-lived (streaming) answer on a connection's socket: writes its head,
// then every chunk its handler writes to the ResponseStream, then the end of
// the body, and says so with finished(). Chunked for HTTP/1.1; for HTTP/1.0,
// which has no chunked coding, the body ends when the connection does.
//
// A child of its connection; lives on the HTTP (main) thread.
class StreamedAnswer : public QObject
{
    Q_OBJECT
public:
    // Writes the head (and the response's body, if any, as the first chunk)
    // and opens the handler's stream.
    StreamedAnswer(QTcpSocket *socket, const ApiResponse &response, bool close, bool http10,
                   QObject *parent);

    // Ends the body now, as if the handler had closed its stream (a server
    // that drains): the client sees a complete answer and may reconnect.
    void end();

Q_SIGNALS:
    // The body is complete on a still-connected socket; close says whether the
    // connection must close after it. Deletes itself afterwards.
    void finished(bool close);

private:
    void writeChunk(const QByteArray &bytes);
    void onStreamFinished();

    QPointer<QTcpSocket> m_socket;
    ResponseStream *m_stream;
    bool m_chunked;
    bool m_close;
};
