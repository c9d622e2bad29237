#include "residentmemory.h"

#include <QFile>

ResidentMemory ResidentMemory::of(qint64 pid)
{
    ResidentMemory memory;
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return memory;
    // Lines read "VmRSS:\t   27340 kB".
    for (const QByteArray &line : status.readAll().split('\n')) {
        const auto kib = [&line] {
            return line.mid(line.indexOf(':') + 1).trimmed().split(' ').first().toLongLong();
        };
        if (line.startsWith("VmRSS:"))
            memory.rssKiB = kib();
        else if (line.startsWith("RssAnon:"))
            memory.anonKiB = kib();
    }
    return memory;
}
