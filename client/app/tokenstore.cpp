#include "tokenstore.h"

#include "clientlogging.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <optional>

namespace {
const auto kService = QStringLiteral("boxoffice");
const auto kKey = QStringLiteral("session-token");
constexpr int kKeyringWaitMs = 5000;
constexpr auto kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// Runs a keychain job to its end (or the bound) and says whether it succeeded.
// nullopt: no keyring answered in time or at all, so the file must do.
std::optional<QKeychain::Error> runJob(QKeychain::Job &job)
{
    job.setAutoDelete(false);
    // Never QSettings in plain text: without a keyring the file below is used instead.
    job.setInsecureFallback(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(kKeyringWaitMs, &loop, &QEventLoop::quit);
    job.start();
    if (!finished)
        loop.exec();
    if (!finished)
        return std::nullopt;
    const QKeychain::Error error = job.error();
    if (error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented ||
        error == QKeychain::OtherError || error == QKeychain::AccessDenied)
        return std::nullopt;
    return error;
}
} // namespace

TokenStore::TokenStore(Backend backend, const QString &directory)
    : m_backend(backend),
      m_directory(directory.isEmpty()
                      ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                      : directory)
{
}

QString TokenStore::filePath() const
{
    return QDir(m_directory).filePath(QStringLiteral("session-token"));
}

bool TokenStore::keyringWanted() const
{
    // Without a session bus no Linux keyring can answer; asking would only wait.
    return m_backend == Backend::Auto &&
#ifdef Q_OS_LINUX
           !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") &&
#endif
           true;
}

QByteArray TokenStore::load()
{
    m_error.clear();
    if (keyringWanted()) {
        QKeychain::ReadPasswordJob job(kService);
        job.setKey(kKey);
        const auto outcome = runJob(job);
        if (outcome && *outcome == QKeychain::NoError) {
            m_usedKeyring = true;
            return job.binaryData();
        }
        if (outcome && *outcome == QKeychain::EntryNotFound) {
            // A keyring that answers but holds nothing: a file from a run without it may.
            m_usedKeyring = true;
            return loadFile();
        }
        qCInfo(lcApi) << "no keyring answered; the token file is used";
    }
    m_usedKeyring = false;
    return loadFile();
}

bool TokenStore::save(const QByteArray &token)
{
    m_error.clear();
    if (keyringWanted()) {
        QKeychain::WritePasswordJob job(kService);
        job.setKey(kKey);
        job.setBinaryData(token);
        const auto outcome = runJob(job);
        if (outcome && *outcome == QKeychain::NoError) {
            m_usedKeyring = true;
            QFile::remove(filePath()); // one copy only, in the safer place
            return true;
        }
        qCInfo(lcApi) << "the keyring did not take the token; the token file is used";
    }
    m_usedKeyring = false;
    return saveFile(token);
}

void TokenStore::clear()
{
    m_error.clear();
    if (keyringWanted()) {
        QKeychain::DeletePasswordJob job(kService);
        job.setKey(kKey);
        runJob(job);
    }
    QFile::remove(filePath());
}

QByteArray TokenStore::loadFile()
{
    QFile file(filePath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().trimmed();
}

bool TokenStore::saveFile(const QByteArray &token)
{
    if (!QDir().mkpath(m_directory)) {
        m_error = QStringLiteral("cannot create %1").arg(m_directory);
        return false;
    }
    QFile::setPermissions(m_directory, kOwnerOnly | QFileDevice::ExeOwner);
    QSaveFile file(filePath());
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = file.errorString();
        return false;
    }
    // The temporary file gets its mode before the secret goes in, so no moment
    // exists where another user could read it; commit() renames it with that mode.
    if (!file.setPermissions(kOwnerOnly) || file.write(token) != token.size() || !file.commit()) {
        m_error = file.errorString();
        file.cancelWriting();
        return false;
    }
    return true;
}
