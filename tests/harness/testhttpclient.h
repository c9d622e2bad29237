#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QUrl>

// Sends one HTTP request to the server under test and waits for the answer
// (with a local event loop, so the test thread keeps processing events).
class TestHttpClient
{
public:
    struct Reply
    {
        int status = 0; // 0 = no HTTP answer at all (connection refused, timeout)
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        QString networkError;

        QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
        QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
        QByteArray header(const QByteArray &name) const;
        // "status 409 {...}" for failure messages.
        QString describe() const;
    };

    explicit TestHttpClient(QUrl baseUrl, QByteArray adminToken = {});

    Reply get(const QString &path, bool admin = false);
    Reply post(const QString &path, const QJsonObject &body, bool admin = false,
               const QList<QPair<QByteArray, QByteArray>> &headers = {});
    Reply patch(const QString &path, const QJsonObject &body);
    Reply remove(const QString &path);
    // Anything at all: any method, raw body bytes, any headers.
    Reply send(const QByteArray &method, const QString &path, const QByteArray &body,
               const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs = 30000);

    // Convenience for tests that need a show to work on: returns its id, or 0.
    qint64 createShow(const QString &name, int totalSeats,
                      const QString &startTime = QStringLiteral("2030-01-01T19:30:00Z"));

    QByteArray adminHeader() const { return "Bearer " + m_adminToken; }
    void setBaseUrl(const QUrl &url) { m_baseUrl = url; }

private:
    QNetworkAccessManager m_network;
    QUrl m_baseUrl;
    QByteArray m_adminToken;
};
