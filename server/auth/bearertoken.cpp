#include "bearertoken.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace BearerToken {

QByteArray generate(const char *prefix)
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / 4);
    return QByteArray(prefix) +
           bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray digest(const QByteArray &token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256);
}

QByteArray fromAuthorization(const QByteArray &authorization)
{
    static const QByteArray prefix = "bearer ";
    if (!authorization.toLower().startsWith(prefix))
        return {};
    return authorization.mid(prefix.size()).trimmed();
}

bool equalConstantTime(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

} // namespace BearerToken
