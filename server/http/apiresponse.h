#pragma once

#include "result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

#include <functional>

class QTcpSocket;
class ResponseStream;

// A finished HTTP answer: status, extra headers and an already serialised
// body (serialised on the worker thread, so the HTTP thread only writes bytes).
// JSON is the default type; text and binary bodies only set contentType.
struct ApiResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray contentType = "application/json";
    // Set for a long-lived response: the head and `body` (if any) go out at
    // once, chunked, then this runs on the HTTP thread with the stream that
    // writes further chunks until it is closed. See ResponseStream.
    std::function<void(ResponseStream *)> openStream;

    // Set for an answer that turns the connection into another protocol
    // (WebSocket): the HTTP layer writes nothing and hands the socket, with
    // the request's bytes unread, to this. Only the first request on a
    // connection can be handed over; any other gets 400 instead.
    std::function<void(QTcpSocket *)> upgradeTo;

    bool isStreaming() const { return bool(openStream); }
    bool isUpgrade() const { return bool(upgradeTo); }

    static ApiResponse json(int status, const QJsonObject &object);
    static ApiResponse json(int status, const QJsonArray &array);
    // Any other body: text/plain metrics, PNG or PDF tickets and the like.
    static ApiResponse bytes(int status, const QByteArray &contentType, const QByteArray &body);
    static ApiResponse text(int status, const QString &text);
    static ApiResponse stream(const QByteArray &contentType,
                              std::function<void(ResponseStream *)> openStream);
    static ApiResponse upgrade(std::function<void(QTcpSocket *)> upgradeTo);
    // The single place where a domain error becomes an HTTP status and body
    // {"error": text, "code": machine code, ...details}.
    static ApiResponse error(const DomainError &error);
    static ApiResponse error(ErrorCode code, const QString &message,
                             const QJsonObject &details = {});

    static int statusFor(ErrorCode code);
    static QByteArray reasonPhrase(int status);
};
