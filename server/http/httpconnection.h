#pragma once

#include "answerreport.h"
#include "apirequest.h"
#include "apiresponse.h"
#include "httprequestparser.h"
#include "requestobserver.h"
#include "upgradecapture.h"

#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class QTcpSocket;
class Router;
class StreamedAnswer;

// One client connection: parses its bytes (HttpRequestParser), runs its
// requests one after another through the Router and writes the answers in
// request order. Owns its socket; deletes itself when the socket goes.
//
// Guarantees: one answer per request, never two; after a refused request
// (bad framing, too large) that answer is the last thing on the connection
// and nothing after it is parsed; a client that hangs up has its in-flight
// request marked abandoned and its answer dropped (the continuation holds a
// QPointer to this object, never a raw socket, see the Qt 6.4 findings).
//
// Lives on the HTTP (main) thread.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    // continuationContext outlives connections (the server): answers come back
    // through it, so one whose connection is gone can still be counted by
    // onDropped.
    // observers (may be null) belong to the server, like continuationContext.
    HttpConnection(QTcpSocket *socket, const Router &router, int idleTimeoutMs,
                   QObject *continuationContext, std::function<void()> onDropped,
                   const RequestObservers *observers = nullptr);
    ~HttpConnection() override;

    // A request beyond this many unanswered ones closes the connection.
    static constexpr qsizetype kMaxWaitingRequests = 64;
    // Answers not yet taken by a slow reader; past this, the next request waits.
    static constexpr qint64 kMaxUnsentBytes = 1024 * 1024;
    // Kernel-side bytes Qt may buffer for us before TCP pushes back.
    static constexpr qint64 kReadBufferBytes = 256 * 1024;
    // After the last answer, how long the peer may keep sending before we stop
    // listening: closing with its bytes unread would reset the connection and
    // could destroy the answer before the client has read it.
    static constexpr int kLingerMs = 2000;

    // Detaches the socket from this connection, which then deletes itself, and
    // hands it to the caller. Protocol upgrades (WebSocket, GET /ws) go through
    // here: an answer with ApiResponse::upgradeTo gets the socket with the
    // request's bytes put back unread (UpgradeCapture), for
    // QWebSocketServer::handleConnection(), which reads the handshake itself.
    QTcpSocket *releaseSocket();

    // The server drains: every request already received (or on its way in)
    // is answered, the last of them with Connection: close, and the connection
    // then closes; an idle one closes now, a stream ends.
    void closeAfterAnswers();
    // Requests received and not yet answered (in progress or queued).
    int openRequests() const { return int(m_waiting.size()) + (m_busy && !m_closing ? 1 : 0); }

private:
    // How often a connection whose reading is paused looks whether its client left.
    static constexpr int kPeerCheckMs = 100;

    struct Pending
    {
        ApiRequest request;
        bool headOnly = false;
        bool close = false;
        bool http10 = false;
        bool upgrade = false; // the first request, asking for an upgrade (UpgradeCapture)
        std::chrono::steady_clock::time_point received = std::chrono::steady_clock::now();
        std::optional<ApiResponse> ready; // answered by the HTTP layer itself (refusals)
    };

    void readIncoming();
    void queue(Pending pending);
    void refuse(const HttpParseError &error);
    void startNext();
    // False when the client was gone and the answer was dropped.
    bool finish(const ApiResponse &response, bool close, bool headOnly, bool http10);
    // Hands the socket to the answer's upgradeTo; false (and an error answer)
    // if this request cannot be handed over.
    bool upgrade(const ApiResponse &response, bool http10);
    void afterAnswer(bool close);
    void closeGracefully();
    // Part of a request is buffered or unread: the connection is not idle.
    bool requestArriving() const;
    void maybeSendContinue();
    void onIdleTimeout();
    void setReading(bool enabled);
    void checkPeer();
    void onDisconnected();
    QTcpSocket *m_socket;
    const Router &m_router;
    QPointer<QObject> m_context;
    std::function<void()> m_onDropped;
    const RequestObservers *m_observers;
    HttpRequestParser m_parser;
    UpgradeCapture m_upgradeCapture;
    bool m_firstParsed = false;
    QQueue<Pending> m_waiting;
    bool m_busy = false;    // a request is being worked on, or its answer is draining
    bool m_refused = false; // an error answer is queued: parse nothing more
    bool m_closing = false; // the last answer is written; we only wait for the peer to go
    bool m_continueSent = false;
    bool m_peerFinished = false; // the client half-closed: answer what it sent, then close
    bool m_draining = false;     // the server stops: close once nothing more is owed
    std::shared_ptr<std::atomic<bool>> m_inFlightAbandoned;
    QPointer<StreamedAnswer> m_stream;
    QMetaObject::Connection m_drain;
    QTimer m_idle;
    QTimer m_linger;
    QTimer m_peerCheck;
};
