#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <memory>

// Passes HTTP between a client and the real server; while answers are being
// dropped it lets each request reach the server and be executed, then closes
// the client's connection instead of passing the answer on: an answer lost on
// the way back, as when a connection breaks after the request went out. It can
// also drop, or hold back until released, only the answers to requests whose
// request line starts with a given text ("GET /config "): a slow or lost answer
// to one kind of request. Both ends are real; the relay only loses or delays
// bytes. Lives in the test's thread.
class AnswerDroppingRelay : public QObject
{
public:
    explicit AnswerDroppingRelay(quint16 serverPort);

    QUrl url() const;
    void setDroppingAnswers(bool dropping) { m_dropping = dropping; }
    int droppedAnswers() const { return m_dropped; }
    // Only answers to requests starting `requestLine` (empty: none) are dropped / held.
    void setDroppingAnswersTo(const QByteArray &requestLine) { m_dropLine = requestLine; }
    void setHoldingAnswersTo(const QByteArray &requestLine) { m_holdLine = requestLine; }
    int heldAnswers() const { return int(m_held.size()); }
    // Passes every held answer on, in the order they arrived.
    void releaseHeldAnswers();
    // The Idempotency-Key of every request passed on, in order.
    QList<QByteArray> idempotencyKeys() const { return m_keys; }

private:
    void accept();
    void record(const QByteArray &bytes);
    static bool startsRequest(const QByteArray &bytes);
    struct Exchange
    {
        bool hold = false;
        bool drop = false;
    };
    struct Held
    {
        QPointer<QTcpSocket> client;
        std::shared_ptr<Exchange> exchange;
        QByteArray answer;
    };

    QTcpServer m_listener;
    quint16 m_serverPort;
    bool m_dropping = false;
    int m_dropped = 0;
    QList<QByteArray> m_keys;
    QByteArray m_dropLine;
    QByteArray m_holdLine;
    QList<Held> m_held;
};
