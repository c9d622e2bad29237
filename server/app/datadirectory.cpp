#include "datadirectory.h"

#include "db/secretfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

bool DataDirectory::prepare()
{
    if (m_prepared)
        return m_ok;
    m_prepared = true;
    m_ok = recognise();
    return m_ok;
}

bool DataDirectory::recognise()
{
    const QFileInfo info(m_path);
    if (!info.exists()) {
        if (!QDir().mkpath(m_path)) {
            m_error = QStringLiteral("cannot create the data directory %1").arg(m_path);
            return false;
        }
        m_createdDirectory = true;
    } else if (!info.isDir()) {
        m_error = QStringLiteral("the data directory %1 is not a directory").arg(m_path);
        return false;
    }

    // The mode is read and set on the descriptor of what we checked.
    const int fd =
        ::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        m_error = QStringLiteral("cannot open the data directory %1: %2")
                      .arg(m_path, QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    struct stat st;
    const bool statOk = ::fstat(fd, &st) == 0;
    if (!statOk || (st.st_mode & S_IWOTH)) {
        ::close(fd);
        m_error = QStringLiteral("refusing %1 as the data directory: anyone may write to it; "
                                 "give --data-dir a directory of its own")
                      .arg(m_path);
        return false;
    }

    const QDir dir(m_path);
    const bool marked = QFileInfo::exists(filePath(QString::fromLatin1(kMarker)));
    const bool earlierVersion = QFileInfo(filePath(QStringLiteral("postgresql"))).isDir() ||
                                QFileInfo::exists(filePath(QStringLiteral("admin-token")));
    const bool empty = dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System)
                           .isEmpty(); // hidden entries are not listed
    if (!m_createdDirectory && !marked && !earlierVersion && !empty) {
        ::close(fd);
        m_error = QStringLiteral("refusing %1 as the data directory: it is not empty and is not a "
                                 "Box Office data directory (no %2, postgresql/ or admin-token); "
                                 "give --data-dir a new or empty directory")
                      .arg(m_path, QString::fromLatin1(kMarker));
        return false;
    }
    if (geteuid() == 0 && ::fchmod(fd, 0711) != 0) {
        // The cluster runs as an unprivileged user who must be able to pass
        // through our data directory (but not list it: secrets live there too).
        m_error = QStringLiteral("cannot set the mode of %1").arg(m_path);
        ::close(fd);
        return false;
    }
    ::close(fd);
    if (!marked) {
        QString error;
        if (!SecretFile::write(filePath(QString::fromLatin1(kMarker)),
                               "Box Office data directory; do not delete.\n", &error)) {
            m_error = error;
            return false;
        }
        m_createdMarker = true;
    }
    return true;
}

void DataDirectory::discardIfNew()
{
    if (m_createdDirectory)
        QDir(m_path).removeRecursively();
    else if (m_createdMarker)
        QFile::remove(filePath(QString::fromLatin1(kMarker)));
    m_createdDirectory = m_createdMarker = false;
}
