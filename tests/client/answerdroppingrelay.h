#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

// Passes HTTP between a client and the real server; while answers are being
// dropped it lets each request reach the server and be executed, then closes
// the client's connection instead of passing the answer on: an answer lost on
// the way back, as when a connection breaks after the request went out. Both
// ends are real; the relay only loses bytes. Lives in the test's thread.
class AnswerDroppingRelay : public QObject
{
public:
    explicit AnswerDroppingRelay(quint16 serverPort);

    QUrl url() const;
    void setDroppingAnswers(bool dropping) { m_dropping = dropping; }
    int droppedAnswers() const { return m_dropped; }
    // The Idempotency-Key of every request passed on, in order.
    QList<QByteArray> idempotencyKeys() const { return m_keys; }

private:
    void accept();
    void record(const QByteArray &bytes);

    QTcpServer m_listener;
    quint16 m_serverPort;
    bool m_dropping = false;
    int m_dropped = 0;
    QList<QByteArray> m_keys;
};
