# The monthly service report (issue 20): the same words for the HTML and the PDF.
report-title = Informe mensual de servicio
report-month-year = { $month } de { $year }
report-period = Del { $from } al { $to } (hora de { $zone })
report-generated = Generado el { $at }
report-partial = El mes aún no terminó (o quedan ventanas de confirmación abiertas): las cifras pueden cambiar.
report-plans = Plan: { $plans }
report-footer = { $client } · { $month } · página

month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre

priority-low = Baja
priority-medium = Media
priority-high = Alta
priority-urgent = Urgente

category-functional = Funcional
category-technical = Técnica
category-administrative = Administrativa
category-commercial = Comercial
category-complaint = Reclamo

maintenance-backup = Copia de seguridad
maintenance-os_update = Actualización del sistema operativo
maintenance-db_update = Actualización de la base de datos
maintenance-security_patch = Parche de seguridad
maintenance-platform_upgrade = Actualización de versión de la plataforma
maintenance-maintenance_window = Ventana de mantenimiento

compliance-title = Cumplimiento del SLA por prioridad
compliance-total = Cumplimiento total: { $percent } ({ $met } en término de { $counted })
compliance-total-none = Sin resultados del SLA este mes.
compliance-rule = Cumplimiento = en término ÷ (en término + vencidos). Los tickets resueltos a tiempo que el cliente aún puede reabrir figuran como pendientes y no cuentan todavía.
col-priority = Prioridad
col-target = Objetivo de resolución
col-met = En término
col-breached = Vencidos
col-pending = Pendientes
col-compliance = Cumplimiento
chart-compliance-title = Cumplimiento por prioridad
chart-compliance-reference = 100 %
chart-n = n = { $n }
no-data = Sin datos

breaches-title = Tickets vencidos
col-ticket = Ticket
col-campus = Campus
col-subject = Asunto
col-due = Vencía
col-breached-at = Venció
col-resolved = Resuelto
col-late-by = Demora
still-open = Sigue abierto

pending-title = Resueltos en término, pendientes de confirmación
pending-intro = Se resolvieron dentro del objetivo; cuentan como cumplidos cuando se cierran sin reapertura.
col-resolved-at = Resuelto
col-closes-at = Se cierra

tickets-title = Tickets del mes
tickets-opened = Abiertos
tickets-resolved = Resueltos
tickets-closed = Cerrados
tickets-open-at-end = Sin cerrar al fin de mes
col-category = Categoría
col-opened = Abiertos
col-resolved-count = Resueltos
col-closed = Cerrados
chart-categories-title = Tickets abiertos por categoría

resolution-title = Tiempo de resolución frente al objetivo
resolution-intro = Tiempo medido en el reloj de cada ticket (sin las pausas).
col-resolved-n = Resueltos
col-median = Mediana
col-p90 = Percentil 90
col-within = Dentro del objetivo

paused-title = Tiempo en espera del cliente
paused-minutes = Tiempo total en espera
paused-tickets = Tickets que esperaron al cliente

campuses-title = Campus
campus-hosted = En nuestros servidores
campus-not-hosted = En servidores del cliente
uptime-title = Disponibilidad
uptime-percent = Disponibilidad del mes
uptime-probes = Comprobaciones
uptime-down = Tiempo caído
uptime-none = —
chart-uptime-title = Disponibilidad diaria de { $campus }
chart-uptime-legend-good = ≥ 99,9 %
chart-uptime-legend-fair = ≥ 99 %
chart-uptime-legend-bad = < 99 %
chart-uptime-legend-none = sin datos
chart-uptime-day = Día { $day }: { $value }
outages-title = Caídas
col-outage-start = Inicio
col-outage-end = Fin
col-outage-minutes = Duración
col-outage-ticket = Ticket
outage-ongoing = En curso
backups-title = Copias de seguridad
backups-done = Días con copia: { $done } de { $expected }
backups-missed = Días sin copia: { $days }
updates-title = Actualizaciones
upgrades-title = Actualizaciones de versión
col-when = Fecha
col-kind = Tipo
col-summary = Detalle
upgrade-title = Actualización de versión
upgrade-version = Versión de la plataforma: { $version }
upgrade-eligible = Puede pedir la actualización de versión (desde el { $since }).
upgrade-not-yet = Podrá pedir la actualización de versión desde el { $since }.

hours-title = Horas de administración
hours-available = Disponibles
hours-used = Usadas
hours-left = Restantes
hours-overage = Excedente
hours-percent = Uso del mes
chart-hours-title = Horas usadas frente a las disponibles
chart-hours-mark = 80 %

quotes-title = Presupuestos
quotes-sent = Enviados
quotes-approved = Aprobados
quotes-rejected = Rechazados
quotes-expired = Vencidos
quotes-pending = Esperando respuesta
