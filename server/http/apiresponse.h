#pragma once

#include "result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

// A finished HTTP answer: status, extra headers and an already serialised JSON
// body (serialised on the worker thread, so the HTTP thread only writes bytes).
struct ApiResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    static ApiResponse json(int status, const QJsonObject &object);
    static ApiResponse json(int status, const QJsonArray &array);
    // The single place where a domain error becomes an HTTP status and body
    // {"error": text, "code": machine code, ...details}.
    static ApiResponse error(const DomainError &error);
    static ApiResponse error(ErrorCode code, const QString &message,
                             const QJsonObject &details = {});

    static int statusFor(ErrorCode code);
    static QByteArray reasonPhrase(int status);
};
