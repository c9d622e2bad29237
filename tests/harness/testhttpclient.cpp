#include "testhttpclient.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

QByteArray TestHttpClient::Reply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString TestHttpClient::Reply::describe() const
{
    if (status == 0)
        return QStringLiteral("no HTTP answer (%1)").arg(networkError);
    return QStringLiteral("status %1 %2").arg(status).arg(QString::fromUtf8(body.left(500)));
}

TestHttpClient::TestHttpClient(QUrl baseUrl, QByteArray adminToken)
    : m_baseUrl(std::move(baseUrl)), m_adminToken(std::move(adminToken))
{
}

TestHttpClient::Reply TestHttpClient::send(const QByteArray &method, const QString &path,
                                           const QByteArray &body,
                                           const QList<QPair<QByteArray, QByteArray>> &headers,
                                           int timeoutMs)
{
    QUrl url = m_baseUrl;
    const qsizetype question = path.indexOf(QLatin1Char('?'));
    url.setPath(question < 0 ? path : path.left(question), QUrl::TolerantMode);
    if (question >= 0)
        url.setQuery(path.mid(question + 1));
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);

    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    timeout.start(timeoutMs);
    if (!reply->isFinished())
        loop.exec();

    Reply result;
    if (!reply->isFinished()) {
        reply->abort();
        result.networkError = QStringLiteral("timed out");
    } else {
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.headers = reply->rawHeaderPairs();
        if (result.status == 0)
            result.networkError = reply->errorString();
    }
    reply->deleteLater();
    return result;
}

TestHttpClient::Reply TestHttpClient::get(const QString &path, bool admin)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (admin)
        headers.append(qMakePair(QByteArray("Authorization"), adminHeader()));
    return send("GET", path, {}, headers);
}

TestHttpClient::Reply TestHttpClient::post(const QString &path, const QJsonObject &body, bool admin,
                                           const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    QList<QPair<QByteArray, QByteArray>> headers = extraHeaders;
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    if (admin)
        headers.append(qMakePair(QByteArray("Authorization"), adminHeader()));
    return send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
}

TestHttpClient::Reply TestHttpClient::patch(const QString &path, const QJsonObject &body)
{
    return send("PATCH", path, QJsonDocument(body).toJson(QJsonDocument::Compact),
                {{"Content-Type", "application/json"}, {"Authorization", adminHeader()}});
}

TestHttpClient::Reply TestHttpClient::remove(const QString &path)
{
    return send("DELETE", path, {}, {{"Authorization", adminHeader()}});
}

qint64 TestHttpClient::createShow(const QString &name, int totalSeats, const QString &startTime)
{
    const Reply reply = post(QStringLiteral("/admin/shows"),
                             {{QStringLiteral("name"), name},
                              {QStringLiteral("start_time"), startTime},
                              {QStringLiteral("total_seats"), totalSeats}},
                             true);
    return reply.status == 201 ? reply.object().value(QStringLiteral("id")).toInteger() : 0;
}
