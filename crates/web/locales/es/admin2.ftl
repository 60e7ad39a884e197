# Admin screens: holidays, target units, warnings, delete confirmation and what still uses an object.
admin2-holiday-yearly = { $date }, cada año
admin2-required-note = Los campos marcados con * son obligatorios.
admin2-field-target = plazo
admin2-field-unit = unidad
admin2-unit-hours = horas
admin2-unit-days = días
admin2-unit-weeks = semanas
admin2-amount-hours = { $n } h
admin2-amount-days = { $n ->
    [one] 1 día
   *[other] { $n } días
}
admin2-amount-weeks = { $n ->
    [one] 1 semana
   *[other] { $n } semanas
}
admin2-hint-targets = Plazo de resolución: un número (admite decimales) y su unidad, y el reloj en que cuenta: 24×7 o el horario laboral del calendario. Un día son 24 h y una semana 168 h de ese reloj; para el horario laboral conviene indicar horas (p. ej. 5 días hábiles de 9 h = 45 horas).
admin2-err-amount = Ingrese una cantidad mayor que cero (como máximo 366 días).
admin2-warn-order = Atención: la prioridad { $lower } ({ $lower_target }) vence antes que { $higher } ({ $higher_target }). Se guardó igual; revise si es lo que quiso.
admin2-delete-question = ¿Eliminar { $what } «{ $name }»?
admin2-delete-warning = Esta acción no puede deshacerse.
admin2-delete-confirm = Sí, eliminar
admin2-delete-cancel = Cancelar
admin2-kind-client = el cliente
admin2-kind-campus = el campus
admin2-kind-user = el usuario
admin2-kind-calendar = el calendario
admin2-kind-policy = la política
admin2-kind-plan = el plan
admin2-kind-subscription = la suscripción
admin2-in-use = No puede eliminarse porque todavía está en uso: { $list }. Quite o cambie primero esas referencias.
admin2-and = y
admin2-use-tickets = { $count ->
    [one] 1 ticket
   *[other] { $count } tickets
}
admin2-use-campuses = { $count ->
    [one] el campus { $names }
   *[other] { $count } campus ({ $names })
}
admin2-use-users = { $count ->
    [one] el usuario { $names }
   *[other] { $count } usuarios ({ $names })
}
admin2-use-subscriptions = { $count ->
    [one] la suscripción { $names }
   *[other] las suscripciones { $names }
}
admin2-use-plans = { $count ->
    [one] el plan «{ $names }»
   *[other] { $count } planes ({ $names })
}
admin2-use-policies = { $count ->
    [one] la política «{ $names }»
   *[other] { $count } políticas ({ $names })
}
admin2-subs-pick-client = Elija primero el cliente: la lista muestra solo sus campus.
admin2-use-hours_addons = { $count ->
    [one] 1 paquete de horas adicionales (queda en el historial de facturación)
   *[other] { $count } paquetes de horas adicionales (quedan en el historial de facturación)
}
