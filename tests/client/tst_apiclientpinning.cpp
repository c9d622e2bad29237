// ApiClient against the real server speaking HTTPS with a self-signed
// certificate the test makes: unpinned, the call fails as a TLS refusal that
// carries the certificate's SHA-256 fingerprint (as openssl itself computes
// it); pinned to that fingerprint it succeeds; pinned to another certificate it
// fails, even when the system would trust the server's certificate.
#include "apiclient.h"
#include "apierror.h"
#include "serverprocess.h"
#include "testcertificate.h"
#include "testdatabase.h"

#include <QSslConfiguration>
#include <QtTest>

#include <memory>
#include <optional>

namespace {
Result<HealthStatus> awaitHealth(ApiClient &api)
{
    std::optional<Result<HealthStatus>> outcome;
    QObject context;
    api.health(&context, [&](const Result<HealthStatus> &r) { outcome = r; });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 30000))
        return ApiError::make(ApiError::Kind::Timeout, QStringLiteral("test gave up waiting"));
    return *outcome;
}

QByteArray describe(const Result<HealthStatus> &result)
{
    if (result)
        return "ok";
    return (errorCodeName(result.error().code) + QLatin1String(": ") + result.error().message +
            QLatin1String(" ") +
            QString::fromUtf8(QJsonDocument(result.error().details).toJson(QJsonDocument::Compact)))
        .toUtf8();
}
} // namespace

class TestApiClientPinning : public QObject
{
    Q_OBJECT

private:
    TestCertificate m_certificate;
    TestCertificate m_other;
    ServerProcess m_server;
    QSslConfiguration m_systemDefaults;

    std::unique_ptr<ApiClient> client()
    {
        auto api = std::make_unique<ApiClient>();
        api->setBaseUrl(m_server.baseUrl());
        api->setTimeout(20000);
        return api;
    }

    void verifyRefusedAsTls(const Result<HealthStatus> &result)
    {
        QVERIFY2(!result, "expected the call to fail on the certificate");
        QVERIFY2(ApiError::kind(result.error()) == ApiError::Kind::Tls, describe(result));
        QCOMPARE(result.error().details.value(QStringLiteral("transport")).toString(),
                 QStringLiteral("tls"));
        QCOMPARE(ApiError::certificateSha256(result.error()), m_certificate.opensslFingerprint());
        QVERIFY2(!ApiError::isTransport(result.error()), "a TLS refusal is not worth retrying");
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_systemDefaults = QSslConfiguration::defaultConfiguration();
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        QVERIFY2(m_certificate.generate(), qPrintable(m_certificate.errorString()));
        QVERIFY2(m_other.generate(), qPrintable(m_other.errorString()));
        m_server.setDatabaseUrl(TestDatabase::instance().createDatabase());
        m_server.setArguments({QStringLiteral("--tls-cert"), m_certificate.certificatePath(),
                               QStringLiteral("--tls-key"), m_certificate.keyPath()});
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        QVERIFY2(m_server.isTls(), qPrintable(m_server.output()));
    }

    void cleanup() { QSslConfiguration::setDefaultConfiguration(m_systemDefaults); }

    void fingerprintIsWhatOpensslPrints()
    {
        const QString expected = m_certificate.opensslFingerprint();
        QVERIFY2(expected.count(QLatin1Char(':')) == 31, qPrintable(expected));
        QCOMPARE(ApiClient::fingerprint(m_certificate.certificate()), expected);
        QVERIFY(ApiClient::fingerprint(m_other.certificate()) != expected);
    }

    void untrustedCertificateFailsWithItsFingerprint()
    {
        auto api = client();
        verifyRefusedAsTls(awaitHealth(*api));
        QCOMPARE(api->pendingRequests(), 0);
    }

    void pinnedCertificateIsTrusted()
    {
        auto api = client();
        // The fingerprint as the UI shows it, colons and all, is enough to pin.
        api->setPinnedCertificate(
            QByteArray::fromHex(m_certificate.opensslFingerprint().toLatin1()));
        QCOMPARE(api->pinnedCertificate(),
                 m_certificate.certificate().digest(QCryptographicHash::Sha256));
        const auto first = awaitHealth(*api);
        QVERIFY2(first, describe(first));
        const auto again = awaitHealth(*api); // a kept-alive connection, or a new one
        QVERIFY2(again, describe(again));
        // Unpinning brings the system's verdict back.
        api->setPinnedCertificate({});
        verifyRefusedAsTls(awaitHealth(*api));
    }

    void anotherPinIsRefused()
    {
        auto api = client();
        api->setPinnedCertificate(m_other.certificate().digest(QCryptographicHash::Sha256));
        verifyRefusedAsTls(awaitHealth(*api));
    }

    void anotherPinIsRefusedEvenWhenTheSystemTrustsTheServer()
    {
        // As if the certificate were signed by a CA in the system store.
        QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
        trusting.addCaCertificate(m_certificate.certificate());
        QSslConfiguration::setDefaultConfiguration(trusting);
        auto api = client();
        const auto trusted = awaitHealth(*api);
        QVERIFY2(trusted, describe(trusted));
        auto pinned = client();
        pinned->setPinnedCertificate(m_other.certificate().digest(QCryptographicHash::Sha256));
        verifyRefusedAsTls(awaitHealth(*pinned));
    }
};

QTEST_MAIN(TestApiClientPinning)
#include "tst_apiclientpinning.moc"
