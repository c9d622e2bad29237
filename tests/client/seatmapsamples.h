#pragma once

#include "seatmaptypes.h"

#include <QByteArray>
#include <QtGlobal>

// A small seated show for the seat map tests, as GET /shows/7/seats answers it:
// two rows of five in front of the stage (row A at y 0), with
//   A-3 sold, B-2 held, B-5 blocked, A-1 accessible, B-1 restricted view,
// and one premium seat (A-5) so there are two categories.
inline QByteArray sampleSeatMapJson()
{
    return QByteArray(
        R"({"show_id":7,"plan_id":3,"seats":[)"
        R"({"id":101,"label":"A-1","section":"Stalls","category":"standard","row":"A","number":1,"x":0,"y":0,"state":"free","accessible":true},)"
        R"({"id":102,"label":"A-2","section":"Stalls","category":"standard","row":"A","number":2,"x":1,"y":0,"state":"free"},)"
        R"({"id":103,"label":"A-3","section":"Stalls","category":"standard","row":"A","number":3,"x":2,"y":0,"state":"sold"},)"
        R"({"id":104,"label":"A-4","section":"Stalls","category":"standard","row":"A","number":4,"x":3,"y":0,"state":"free","aisle":true},)"
        R"({"id":105,"label":"A-5","section":"Stalls","category":"premium","row":"A","number":5,"x":4,"y":0,"state":"free"},)"
        R"({"id":106,"label":"B-1","section":"Stalls","category":"standard","row":"B","number":1,"x":0,"y":1,"state":"free","restricted_view":true},)"
        R"({"id":107,"label":"B-2","section":"Stalls","category":"standard","row":"B","number":2,"x":1,"y":1,"state":"held"},)"
        R"({"id":108,"label":"B-3","section":"Stalls","category":"standard","row":"B","number":3,"x":2,"y":1,"state":"free"},)"
        R"({"id":109,"label":"B-4","section":"Stalls","category":"standard","row":"B","number":4,"x":3,"y":1,"state":"free"},)"
        R"({"id":110,"label":"B-5","section":"Stalls","category":"standard","row":"B","number":5,"x":4,"y":1,"state":"blocked"}],)"
        R"("counts":{"free":7,"held":1,"sold":1,"blocked":1}})");
}

namespace Api {
// QCOMPARE prints a seat state as the API writes it ("held"), not as a number.
inline char *toString(SeatState state)
{
    return qstrdup(qPrintable(seatStateName(state)));
}
} // namespace Api
