# Mantenimiento de los campus: registros, copias de seguridad, actualización de versión, Moodle.

maint-title = Mantenimiento
maint-backups = Copias de seguridad
maint-not-hosted = Este campus no está en nuestros servidores: el contrato no incluye sus copias de seguridad, actualizaciones del sistema ni parches de seguridad.
maint-alert = Copia faltante
maint-alert-since = Sin copia correcta desde { $since }.
maint-alert-ticket = Ver el ticket
maint-last-ok = Última copia correcta
maint-last-failed = Última copia fallida
maint-none = ninguna
maint-when = Fecha
maint-status = Estado
maint-what = Detalle
maint-who = Registrada por
maint-updates = Actualizaciones del sistema y parches
maint-upgrades = Actualización de versión
maint-platform = Plataforma: { $platform }.
maint-eligible = Habilitada
maint-eligible-since = desde el { $date }.
maint-not-eligible = Aún no
maint-eligible-from = se habilita el { $date }.
maint-counted-from = 6 meses contados desde el { $date }
maint-windows = Ventanas de mantenimiento
maint-moodle = Información de Moodle
maint-moodle-no-token = Sin token de servicio web: no se consulta.
maint-moodle-release = Versión (release)
maint-moodle-checked = Consultado
maint-moodle-error = Último error
maint-until = hasta
maint-status-ok = Correcta
maint-status-failed = Fallida

maint-kind-backup = Copia de seguridad
maint-kind-os-update = Actualización del sistema operativo
maint-kind-db-update = Actualización de la base de datos
maint-kind-security-patch = Parche de seguridad
maint-kind-platform-upgrade = Actualización de versión
maint-kind-maintenance-window = Ventana de mantenimiento

maint-manage = Registrar mantenimiento
maint-back-to-campus = ← Volver al campus
maint-record = Registrar
maint-record-not-hosted = Este campus no está en nuestros servidores: solo se registra la actualización de versión.
maint-record-hint = Elija el tipo y complete sus campos; los de otros tipos se ignoran.
maint-now-hint = Vacío: ahora.
maint-updates-and-upgrades = Actualizaciones y versión
maint-record-save = Registrar
maint-moodle-intro = Con un token de servicio web del campus (función core_webservice_get_site_info), Atiende consulta cada día la versión de Moodle y registra sola las actualizaciones de versión.
maint-token-set = Hay un token guardado (no se muestra); déjelo vacío para conservarlo.
maint-token-unset = No hay token guardado.
maint-token-clear = Olvidar el token guardado
maint-moodle-check = Consultar ahora
maint-nav-upgrades = Actualizaciones

maint-upgrades-title = Campus habilitados para actualizar la versión
maint-upgrades-intro = La actualización de versión se incluye en el abono una vez que el campus cumple 6 meses de servicio, contados desde el inicio del servicio o desde su última actualización.
maint-upgrades-desc = Los campus que ya pueden pedir la actualización de versión incluida en el abono, y sus solicitudes abiertas.
maint-upgrades-none = Ningún campus está habilitado hoy.
maint-last-upgrade = Última actualización
maint-eligible-col = Habilitado desde
maint-request = Solicitud
maint-request-open = Ver la solicitud abierta

maint-request-upgrade = Solicitar actualización de versión
maint-request-open-help = Ya hay una solicitud de actualización en curso.
maint-not-eligible-until = La actualización de versión estará disponible desde el { $date } (6 meses de servicio).

maint-staff-only = Solo personal interno
maint-staff-only-help = El cliente no ve este ticket hasta que se publique.
maint-publish = Publicar al cliente
maint-event-hidden = solo personal interno
maint-event-published = publicado al cliente
event-visibility-changed = Visibilidad

field-kind = Tipo
field-performed-at = Realizado el
field-size-bytes = Tamaño
field-duration-seconds = Duración (segundos)
field-location = Ubicación
field-package = Paquete
field-from-version = Versión anterior
field-to-version = Versión nueva
field-starts-at = Inicio
field-ends-at = Fin
field-note = Nota
field-token = Token de servicio web
field-staff-only = Visibilidad
field-campus = Campus

err-not-hosted = { $value ->
    [backup] el contrato cubre las copias de seguridad solo para campus en nuestros servidores.
    [os_update] el contrato cubre las actualizaciones del sistema operativo solo para campus en nuestros servidores.
    [db_update] el contrato cubre las actualizaciones de la base de datos solo para campus en nuestros servidores.
    [security_patch] el contrato cubre la seguridad del sistema solo para campus en nuestros servidores.
   *[other] el contrato cubre este trabajo solo para campus en nuestros servidores.
}
err-negative = no puede ser negativo.
err-size = «{ $value }» no es un tamaño: use por ejemplo 1.2GB, 340MB o 512KB.
err-size-bare = no es un tamaño: use por ejemplo 1.2GB, 340MB o 512KB.
err-same-version = debe ser distinta de la versión anterior.
err-datetime = «{ $value }» no es una fecha y hora válida.
err-datetime-bare = no es una fecha y hora válida.
err-not-for-kind = no corresponde a este tipo de registro.
err-future = no puede estar en el futuro.
err-end-before-start = debe ser posterior al inicio.
err-not-system = solo un ticket abierto por Atiende puede ocultarse al cliente.
err-ambiguous = varios campus tienen esa dirección: indique su número.

state-upgrade-not-eligible = El campus todavía no cumple 6 meses de servicio desde el inicio o desde su última actualización.
state-moodle-no-token = Guarde primero el token de servicio web del campus.

admin2-use-maintenance_records = { $count ->
    [one] un registro de mantenimiento
   *[other] { $count } registros de mantenimiento
}
