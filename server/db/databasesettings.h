#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

// Where the PostgreSQL server is and how to log in; built from a postgres:// URI
// or the libpq-style PG* variables the reference backend uses.
struct DatabaseSettings
{
    QString host = QStringLiteral("localhost");
    int port = 5432;
    QString user;
    QString password;
    QString database;
    // Further libpq parameters from the URL's query (sslmode=require, ...),
    // passed through to the driver as they are.
    QList<QPair<QString, QString>> options;

    bool isComplete() const { return !database.isEmpty(); }
    static DatabaseSettings fromUrl(const QUrl &url, QString *error = nullptr);
    QUrl toUrl() const;
    // The URL for logs: the effective host and port (also when the URL's query
    // set them), with every password replaced by ***.
    QString redacted() const;
    // The values that must never be logged: the password and secret libpq parameters.
    QStringList secrets() const;
    // libpq parameters whose value is a secret (password, sslpassword).
    static bool isSecretParameter(const QString &name);
};
