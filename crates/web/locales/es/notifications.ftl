bell-label = { $count ->
    [0] Avisos: ninguno sin leer
    [one] Avisos: 1 sin leer
   *[other] Avisos: { $count } sin leer
}
notifications-title = Avisos
notifications-read-all = Marcar todos como leídos
notifications-unread = sin leer
notifications-empty = No tiene avisos.
console-escalated = Escalado
console-escalated-help = Superó su plazo y se avisó a los supervisores.
