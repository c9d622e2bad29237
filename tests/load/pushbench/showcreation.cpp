#include "showcreation.h"

#include "responseparser.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace {
constexpr int kTimeoutMs = 30000; // the database may be busy with an earlier run's writes
}

qint64 ShowCreation::create(const QUrl &baseUrl, const QByteArray &token, int seats, QString *error)
{
    const QByteArray host = baseUrl.host().toUtf8() + ':' + QByteArray::number(baseUrl.port(80));
    const QByteArray start =
        QDateTime::currentDateTimeUtc().addDays(30).toString(Qt::ISODate).toUtf8();
    const QByteArray body =
        "{\"name\":\"pushbench " + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) +
        "\",\"start_time\":\"" + start + "\",\"total_seats\":" + QByteArray::number(seats) + '}';
    QTcpSocket socket;
    socket.connectToHost(baseUrl.host(), quint16(baseUrl.port(80)));
    if (!socket.waitForConnected(kTimeoutMs)) {
        *error = QStringLiteral("cannot connect to %1: %2")
                     .arg(QString::fromUtf8(host), socket.errorString());
        return 0;
    }
    socket.write("POST /admin/shows HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " +
                 token + "\r\nContent-Type: application/json\r\nContent-Length: " +
                 QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    ResponseParser parser;
    ResponseParser::Response response;
    for (;;) {
        const ResponseParser::State state = parser.next(response);
        if (state == ResponseParser::State::Complete)
            break;
        if (state == ResponseParser::State::Error || !socket.waitForReadyRead(kTimeoutMs)) {
            *error = QStringLiteral("no valid answer to POST /admin/shows from %1")
                         .arg(QString::fromUtf8(host));
            return 0;
        }
        const QByteArray bytes = socket.readAll();
        parser.append(bytes.constData(), bytes.size());
    }
    if (response.status != 201) {
        *error = QStringLiteral("POST /admin/shows answered %1: %2")
                     .arg(response.status)
                     .arg(QString::fromUtf8(response.body.left(300)));
        return 0;
    }
    return QJsonDocument::fromJson(response.body).object().value(QLatin1String("id")).toInteger();
}
