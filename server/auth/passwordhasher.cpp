#include "passwordhasher.h"

#include <QByteArray>

#include <sodium.h>

#include <mutex>

namespace {
// The UTF-8 bytes of a password, wiped when they go out of scope. Qt's own
// QString copy is the caller's; this wipes the copy made here.
class SecretBytes
{
public:
    explicit SecretBytes(const QString &text) : m_bytes(text.toUtf8()) {}
    ~SecretBytes() { sodium_memzero(m_bytes.data(), size_t(m_bytes.size())); }
    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;
    const char *data() const { return m_bytes.constData(); }
    unsigned long long size() const { return static_cast<unsigned long long>(m_bytes.size()); }

private:
    QByteArray m_bytes;
};

bool g_initialised = false;
std::once_flag g_initOnce;

const QString &dummyHash()
{
    // Made on first use, with a password nobody types, so verifying against
    // it costs what a real verification costs.
    static const QString hash =
        PasswordHasher::hash(QStringLiteral("boxoffice dummy password for unknown names"))
            .value_or(QString());
    return hash;
}
} // namespace

bool PasswordHasher::initialise()
{
    std::call_once(g_initOnce, [] { g_initialised = sodium_init() >= 0; });
    return g_initialised;
}

std::optional<QString> PasswordHasher::hash(const QString &password)
{
    if (!initialise())
        return std::nullopt;
    const SecretBytes bytes(password);
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, bytes.data(), bytes.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return std::nullopt;
    return QString::fromLatin1(out);
}

bool PasswordHasher::verify(const QString &storedHash, const QString &password)
{
    if (!initialise())
        return false;
    const QByteArray stored = storedHash.toLatin1();
    if (stored.isEmpty() || stored.size() >= qsizetype(crypto_pwhash_STRBYTES))
        return false;
    const SecretBytes bytes(password);
    return crypto_pwhash_str_verify(stored.constData(), bytes.data(), bytes.size()) == 0;
}

bool PasswordHasher::verifyDummy(const QString &password)
{
    verify(dummyHash(), password);
    return false;
}
