#include "rawhttpresponse.h"

#include <QJsonDocument>

QByteArray RawHttpResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject RawHttpResponse::object() const
{
    return QJsonDocument::fromJson(body).object();
}

QString RawHttpResponse::code() const
{
    return object().value(QStringLiteral("code")).toString();
}

QString RawHttpResponse::describe() const
{
    return QStringLiteral("%1 %2").arg(status).arg(QString::fromUtf8(body.left(300)));
}

QList<RawHttpResponse> RawHttpResponse::takeAll(QByteArray *buffer)
{
    QList<RawHttpResponse> responses;
    for (;;) {
        const qsizetype headEnd = buffer->indexOf("\r\n\r\n");
        if (headEnd < 0 || !buffer->startsWith("HTTP/1."))
            return responses;
        const QList<QByteArray> lines = buffer->left(headEnd).split('\n');
        const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
        if (statusLine.size() < 2)
            return responses;
        RawHttpResponse response;
        response.status = statusLine.at(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            response.headers.append(
                qMakePair(line.left(colon).trimmed(), line.mid(colon + 1).trimmed()));
        }
        const QByteArray lengthText = response.header("Content-Length");
        bool hasLength = false;
        qsizetype length = lengthText.toLongLong(&hasLength);
        if (!hasLength || length < 0) {
            const bool bodiless = (response.status >= 100 && response.status < 200) ||
                                  response.status == 204 || response.status == 304;
            if (!bodiless)
                return responses;
            length = 0;
        }
        if (buffer->size() < headEnd + 4 + length)
            return responses;
        response.body = buffer->mid(headEnd + 4, length);
        buffer->remove(0, headEnd + 4 + length);
        responses << response;
    }
}
