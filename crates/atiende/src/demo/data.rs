//! The demo's tickets: who opens them, what they say and where their story ends.
//!
//! `consumed` is the share of the resolution target counted (on the ticket's own clock) up to
//! the end of its story: *now* for new/open tickets, the start of the pause for tickets waiting
//! on the client, the resolution for resolved/closed ones. `< 0.75` → ok, `< 1` → warning,
//! `≥ 1` → breached (or met/breached once resolved).

use domain::{
    Priority,
    ticket::{Category, ScopeKind},
};

/// Where a ticket's story ends.
#[derive(Debug, Clone, Copy)]
pub enum Fate {
    /// Nobody on the staff has touched it yet.
    New,
    /// Triaged and answered, still running.
    Open,
    /// The agent asked something `paused_h` real hours ago; the clock is paused.
    Waiting { paused_h: f64 },
    /// Resolved `ago_h` hours ago, the client has not confirmed yet (`ago_h` < 168).
    Resolved { ago_h: f64 },
    /// Resolved `ago_h` hours ago and confirmed by the client `confirm_h` hours later.
    Closed { ago_h: f64, confirm_h: f64 },
    /// Resolved more than 168 h ago and never confirmed: the watcher closes it.
    AutoClose { ago_h: f64 },
    /// Closed by staff without resolving (a duplicate), `ago_h` hours ago.
    Duplicate { ago_h: f64 },
}

pub struct DemoTicket {
    /// Index into the demo's clients.
    pub client: usize,
    /// Index into that client's campuses.
    pub campus: Option<usize>,
    pub category: Category,
    /// The priority the agent settles on (the SLA target counts on this one).
    pub priority: Priority,
    /// What the client asked for when opening, when the agent re-triaged it.
    pub requested: Option<(Priority, &'static str)>,
    pub subject: &'static str,
    pub body: &'static str,
    pub fate: Fate,
    pub consumed: f64,
    /// Index into the demo's agents (supervisor = `SUPERVISOR`); `None` = round robin.
    pub assignee: Option<usize>,
    pub note: Option<&'static str>,
    /// The agent's question (waiting) or the resolution text (resolved/closed).
    pub answer: Option<&'static str>,
    /// A follow-up message from the client while the ticket is open.
    pub client_msg: Option<&'static str>,
    pub scope: Option<(ScopeKind, &'static str)>,
    pub tags: &'static [&'static str],
}

/// Assignee index meaning "the supervisor".
pub const SUPERVISOR: usize = usize::MAX;

#[allow(clippy::too_many_arguments)]
const fn t(
    client: usize,
    campus: Option<usize>,
    category: Category,
    priority: Priority,
    subject: &'static str,
    body: &'static str,
    fate: Fate,
    consumed: f64,
) -> DemoTicket {
    DemoTicket {
        client,
        campus,
        category,
        priority,
        requested: None,
        subject,
        body,
        fate,
        consumed,
        assignee: None,
        note: None,
        answer: None,
        client_msg: None,
        scope: None,
        tags: &[],
    }
}

impl DemoTicket {
    const fn note(mut self, n: &'static str) -> Self {
        self.note = Some(n);
        self
    }
    const fn answer(mut self, a: &'static str) -> Self {
        self.answer = Some(a);
        self
    }
    const fn client_msg(mut self, m: &'static str) -> Self {
        self.client_msg = Some(m);
        self
    }
    const fn to(mut self, agent: usize) -> Self {
        self.assignee = Some(agent);
        self
    }
    const fn requested(mut self, p: Priority, reason: &'static str) -> Self {
        self.requested = Some((p, reason));
        self
    }
    const fn scope(mut self, kind: ScopeKind, reason: &'static str) -> Self {
        self.scope = Some((kind, reason));
        self
    }
    const fn tags(mut self, tags: &'static [&'static str]) -> Self {
        self.tags = tags;
        self
    }
}

use Category::{
    Administrative as Adm, Commercial as Com, Complaint as Rec, Functional as Fun, Technical as Tec,
};
use Fate::*;
use Priority::{High, Low, Medium, Urgent};

const fn waiting(paused_h: f64) -> Fate {
    Waiting { paused_h }
}
const fn resolved(ago_h: f64) -> Fate {
    Resolved { ago_h }
}
const fn closed(ago_h: f64, confirm_h: f64) -> Fate {
    Closed { ago_h, confirm_h }
}

/// Clients: 0 = Instituto Superior San Martín (Buenos Aires; campus 0 hosted, 1 posgrado on
/// their servers), 1 = Colegio Nuestra Señora del Valle (Córdoba; one hosted campus),
/// 2 = Escuela de Negocios Ibérica (Madrid; business-hours plan; campus 0 theirs, 1 hosted).
pub fn tickets() -> Vec<DemoTicket> {
    vec![
        // ── Instituto Superior San Martín ──────────────────────────────────────────────
        t(0, Some(0), Tec, Medium, "No llegan los correos de matriculación",
          "Desde ayer los alumnos que se matriculan en los cursos del segundo cuatrimestre no reciben el correo de bienvenida. Probamos con tres cuentas distintas (Gmail y Hotmail) y tampoco llega a spam.",
          Open, 0.35)
            .to(0).tags(&["correo", "matriculacion"])
            .note("El relay SMTP rechaza por SPF desde el cambio de IP del viernes. Pedí a infraestructura que actualice el registro TXT.")
            .client_msg("¿Tienen alguna novedad? Mañana empiezan las clases."),
        t(0, Some(0), Tec, Urgent, "El campus no carga: error 503 en toda la plataforma",
          "Desde las 8:10 nadie puede entrar al campus, aparece 'Service Unavailable'. Tenemos parciales programados para hoy a la tarde.",
          resolved(30.0), 0.6)
            .to(1).tags(&["caida"])
            .note("PHP-FPM sin workers libres: un cron de informes quedó colgado. Reiniciado y limitado el cron.")
            .answer("El servicio quedó restablecido: un proceso programado de informes había agotado los recursos del servidor. Lo reiniciamos y limitamos su ejecución para que no vuelva a ocurrir."),
        t(0, Some(0), Fun, Low, "¿Cómo configurar una tarea con entrega en grupos?",
          "Una docente quiere que los alumnos entreguen un único trabajo por grupo y que la nota se aplique a todos los integrantes. ¿Cómo se configura?",
          closed(70.0, 5.0), 0.2)
            .answer("En la tarea, sección 'Configuración de entrega por grupos', activen 'Los estudiantes envían en grupo' y elijan la agrupación. La calificación puede aplicarse a todo el grupo desde la pantalla de calificación. Les dejamos además un instructivo con capturas."),
        t(0, Some(0), Tec, High, "Lentitud extrema al abrir los cuestionarios",
          "Los cuestionarios de Matemática I tardan más de un minuto en abrir cada página. Hay 400 alumnos rindiendo esta semana.",
          Open, 0.85)
            .to(1).tags(&["rendimiento", "cuestionarios"])
            .note("La caché de la aplicación está en disco; migrar a Redis. Mientras tanto subí los workers de PHP-FPM."),
        t(0, None, Adm, Low, "Solicitud de factura de octubre con datos fiscales corregidos",
          "La factura de octubre salió con la razón social anterior. Necesitamos que se emita nuevamente a nombre de 'Instituto Superior San Martín Asociación Civil'.",
          resolved(20.0), 0.1)
            .answer("Emitimos la nota de crédito y la nueva factura con la razón social correcta; ya les llegaron por correo a administración."),
        t(0, Some(0), Com, Medium, "Integración con SIU Guaraní para sincronizar inscripciones",
          "Queremos que las inscripciones a materias que se hacen en SIU Guaraní se reflejen automáticamente en los cursos del campus. ¿Es posible?",
          waiting(26.0), 0.25)
            .to(0).scope(ScopeKind::OutOfScope, "Integración con SIU Guaraní: se cotiza aparte")
            .answer("La integración con otros sistemas no está incluida en el abono, pero podemos cotizarla. ¿Nos confirman qué versión de SIU Guaraní usan y si cuentan con acceso a su API REST?"),
        t(0, Some(0), Tec, Medium, "Un docente no puede loguearse desde ayer",
          "El profesor Ramiro Acosta (usuario racosta) no puede entrar: dice 'Datos de acceso inválidos' aunque restableció la contraseña dos veces.",
          waiting(5.0), 0.4)
            .to(0)
            .answer("La cuenta figura suspendida por la sincronización con el LDAP. ¿Nos confirman si el usuario sigue activo en el directorio del instituto?"),
        t(0, Some(1), Tec, Urgent, "Nadie puede acceder al campus de posgrado",
          "El campus de posgrado no responde desde la medianoche. El navegador muestra que se agotó el tiempo de espera.",
          Open, 1.6)
            .to(0).tags(&["caida", "servidor-cliente"])
            .note("El servidor es del cliente (no lo alojamos nosotros). Esperamos acceso SSH de su área de sistemas para revisar Apache.")
            .client_msg("Sistemas nos dice que el servidor está encendido. Les pasamos las credenciales por el canal seguro."),
        t(0, Some(0), Fun, Low, "Buenas prácticas para organizar un curso con 800 alumnos",
          "El curso de ingreso va a tener 800 alumnos y 12 tutores. ¿Qué recomiendan para organizar grupos, foros y calificaciones?",
          New, 0.1),
        t(0, Some(0), Rec, High, "Reclamo: el campus estuvo caído durante el examen final",
          "Ayer el campus se cayó durante 40 minutos en pleno examen final de Derecho Civil. Tuvimos que reprogramar la mesa. Necesitamos un informe de lo ocurrido.",
          Open, 0.5)
            .to(SUPERVISOR).tags(&["caida", "informe"])
            .note("Preparar informe post-mortem con los gráficos de monitoreo y el detalle del reinicio de la base de datos."),
        t(0, Some(0), Fun, Medium, "No aparecen las estadísticas de los usuarios en los informes",
          "En Informes > Estadísticas no aparece ningún dato desde hace dos semanas. Necesitamos los accesos para la acreditación de la carrera.",
          resolved(50.0), 1.4)
            .to(0)
            .answer("Las estadísticas estaban desactivadas tras la última actualización. Las reactivamos y regeneramos los datos de las últimas semanas."),
        t(0, Some(0), Tec, Low, "Instalar el plugin de asistencia (mod_attendance)",
          "Queremos registrar la asistencia a las clases sincrónicas. ¿Pueden instalar el módulo de Asistencia?",
          closed(90.0, 20.0), 0.5)
            .to(1).tags(&["plugin"])
            .answer("Instalamos el módulo Asistencia (versión compatible con su Moodle) y lo dejamos disponible para todos los cursos."),
        t(0, None, Adm, Medium, "Alta de un nuevo administrador del campus",
          "Se incorporó Valeria Domínguez al área de educación a distancia. Necesitamos darle permisos de administradora.",
          AutoClose { ago_h: 200.0 }, 0.3)
            .answer("Creamos la cuenta de Valeria con rol de administradora del campus y le enviamos los datos de acceso."),
        t(0, Some(0), Fun, Low, "Carga masiva de 300 usuarios desde planilla",
          "Les enviamos la planilla con los 300 ingresantes. ¿Pueden cargarlos y matricularlos en los cursos de ingreso?",
          Open, 0.3)
            .to(0).scope(ScopeKind::AdminHours, "Tarea del administrador del campus: se descuenta del banco de horas de administración")
            .note("Avisar que les enseñamos a usar la subida de usuarios por CSV para las próximas cohortes."),
        t(0, Some(0), Tec, High, "Las copias de seguridad diarias no figuran desde el martes",
          "En el panel de mantenimiento la última copia diaria es del martes. ¿Se están haciendo las copias?",
          waiting(3.0), 0.8)
            .to(1).tags(&["backup"])
            .answer("Las copias se están realizando en el almacenamiento de Azure; el panel no las mostraba por un cambio de credenciales. ¿Nos confirman si necesitan restaurar algo puntual antes de cerrar?"),
        t(0, None, Com, Low, "Cotización para un segundo campus de extensión universitaria",
          "Estamos evaluando abrir un campus independiente para los cursos de extensión. ¿Nos pueden cotizar el abono con hosting incluido?",
          New, 0.4),
        t(0, Some(0), Tec, Medium, "Error al restaurar un curso desde copia .mbz",
          "Al restaurar el curso 'Historia Argentina II' aparece 'Error al escribir en la base de datos'.",
          Duplicate { ago_h: 40.0 }, 0.1)
            .note("Duplicado: el mismo error ya se está tratando en el ticket de restauraciones del lunes."),
        t(0, Some(0), Fun, High, "Las calificaciones no se trasladan al libro de calificaciones",
          "Las notas de las tareas de Contabilidad no aparecen en el libro de calificaciones y el cierre de actas es el viernes.",
          closed(60.0, 4.0), 1.2)
            .to(0)
            .answer("El libro tenía la categoría con 'Excluir calificaciones vacías' mal configurada y el recálculo pendiente. Lo corregimos y forzamos el recálculo."),
        t(0, Some(0), Tec, Urgent, "Certificado SSL vencido: el navegador bloquea el acceso",
          "Chrome muestra 'La conexión no es privada' al entrar al campus. Los alumnos no pueden acceder.",
          closed(100.0, 3.0), 0.5)
            .to(0).tags(&["ssl"])
            .answer("Renovamos el certificado y corregimos la tarea de renovación automática."),
        t(0, Some(0), Fun, Medium, "Consulta sobre restricciones de acceso por fecha",
          "Queremos que el módulo 3 se habilite solo después de aprobar el cuestionario del módulo 2 y a partir del 1 de diciembre. ¿Se pueden combinar ambas condiciones?",
          New, 0.85),
        t(0, Some(0), Tec, Medium, "Los foros no envían notificaciones de nuevas respuestas",
          "Los docentes no reciben avisos cuando los alumnos responden en los foros, aunque están suscriptos.",
          Open, 0.78)
            .to(0).tags(&["correo"]),
        t(0, Some(1), Tec, High, "El disco del servidor del posgrado está al 95 %",
          "Nos llegó la alerta del monitoreo: el disco del servidor de posgrado está casi lleno.",
          resolved(4.0), 0.9)
            .to(1)
            .note("Servidor del cliente: el monitoreo sí está incluido. Limpiamos caché y copias temporales de moodledata.")
            .answer("Liberamos 40 GB eliminando archivos temporales y copias automáticas antiguas. Les recomendamos ampliar el disco en su proveedor."),
        t(0, None, Com, Medium, "Ampliación del abono: horas de administración adicionales",
          "Para el próximo cuatrimestre necesitaríamos 10 horas mensuales de administración del campus. ¿Cuál sería el costo?",
          closed(120.0, 24.0), 0.2)
            .to(SUPERVISOR)
            .answer("Les enviamos la propuesta con 10 horas mensuales de administración; queda activa desde el 1.º del mes próximo."),
        t(0, Some(0), Tec, Low, "Revisión técnica: advertencias en el informe de estado del sistema",
          "El informe de estado del sistema muestra varias advertencias (cron, versión de PHP). ¿Pueden revisarlas?",
          Open, 1.2)
            .to(1),
        // ── Colegio Nuestra Señora del Valle ───────────────────────────────────────────
        t(1, Some(0), Tec, Urgent, "Aula virtual caída: pantalla en blanco al iniciar sesión",
          "Después de iniciar sesión queda la pantalla en blanco. Les pasa a todos los alumnos y docentes.",
          Open, 0.85)
            .to(1).tags(&["caida"])
            .note("Error fatal de PHP en el tema personalizado tras la actualización automática del plugin. Probando con el tema Boost."),
        t(1, Some(0), Fun, Low, "¿Cómo habilitar la mensajería entre alumnos y docentes?",
          "Queremos que los alumnos puedan escribirles a sus docentes por mensajería interna pero no entre ellos.",
          resolved(10.0), 0.15)
            .answer("Les enviamos los pasos para ajustar los permisos de mensajería del rol Estudiante y restringir los contactos a los docentes del curso."),
        t(1, Some(0), Tec, Medium, "El sistema no está enviando emails de recuperación de contraseña",
          "Los alumnos piden recuperar la contraseña y el correo nunca llega.",
          Open, 1.3)
            .to(0).tags(&["correo"])
            .client_msg("Seguimos sin recibir los correos. Hay muchos alumnos sin poder entrar."),
        t(1, Some(0), Adm, Low, "Cambio de contacto de facturación",
          "A partir de este mes las facturas deben enviarse a administracion@colegionsv.example.",
          closed(30.0, 6.0), 0.05)
            .answer("Actualizamos el contacto de facturación."),
        t(1, Some(0), Rec, Medium, "Reclamo por demora en la respuesta del ticket anterior",
          "Queremos dejar constancia de que el problema con los correos lleva más de dos días sin solución.",
          New, 0.2),
        t(1, Some(0), Tec, High, "Los videos de H5P no se reproducen en celulares",
          "Los videos interactivos H5P se ven en computadoras pero en los celulares queda cargando.",
          waiting(20.0), 1.1)
            .to(0).tags(&["h5p"])
            .answer("¿Nos indican un curso y una actividad donde reproducirlo, y el modelo de celular y navegador con el que falla?"),
        t(1, Some(0), Fun, Medium, "No se pueden matricular alumnos con el método de inscripción manual",
          "En el curso de 3.º B no aparece el botón para matricular usuarios.",
          Open, 0.5)
            .to(0).requested(Urgent, "Afecta a un solo curso y hay alternativa (auto-matriculación); no es una interrupción del servicio"),
        t(1, Some(0), Com, Medium, "Desarrollo de un bloque a medida con el boletín de notas",
          "Queremos un bloque en la página principal que muestre el boletín trimestral con el formato del colegio.",
          resolved(30.0), 0.3)
            .to(SUPERVISOR).scope(ScopeKind::OutOfScope, "Programación a medida: se cotiza aparte")
            .answer("Les enviamos el presupuesto del desarrollo a medida; queda pendiente su aprobación para iniciar."),
        t(1, Some(0), Tec, Low, "Actualizar Moodle 4.1 a 4.5",
          "Nos gustaría actualizar a la última versión antes del inicio del ciclo lectivo.",
          Open, 0.6)
            .to(0).tags(&["actualizacion"])
            .note("El campus cumple 6 meses de servicio: la actualización de versión está incluida. Planificar ventana en receso."),
        t(1, Some(0), Fun, High, "Los alumnos no ven la sección de la semana 5",
          "La sección de la semana 5 está visible para docentes pero los alumnos no la ven.",
          closed(45.0, 2.0), 0.4)
            .to(0)
            .answer("La sección tenía una restricción por grupo que no incluía a todos los cursos. La ajustamos."),
        t(1, Some(0), Tec, Medium, "Error 'Tiempo de espera agotado' al subir archivos grandes",
          "Al subir videos de más de 200 MB aparece un error de tiempo de espera.",
          AutoClose { ago_h: 190.0 }, 0.6)
            .to(1)
            .answer("Ampliamos el límite de subida a 512 MB y el tiempo de espera del servidor web."),
        t(1, Some(0), Adm, Low, "Pedido de informe de uso mensual del campus",
          "El consejo directivo pide un informe mensual de accesos por curso.",
          waiting(48.0), 0.2)
            .to(0)
            .answer("¿Prefieren el informe por curso o por docente? ¿Y en qué formato (PDF o planilla)?"),
        t(1, Some(0), Tec, High, "El calendario muestra las entregas con una hora de diferencia",
          "Las fechas de entrega aparecen una hora antes en el calendario de los alumnos.",
          Open, 0.3)
            .to(1).requested(Medium, "Afecta a todas las entregas de 5.º año").tags(&["zona-horaria"]),
        t(1, Some(0), Rec, Low, "Reclamo por cambio de diseño sin aviso",
          "El campus cambió de diseño de un día para el otro y los docentes no encuentran los menús.",
          resolved(15.0), 1.2)
            .to(SUPERVISOR)
            .answer("Pedimos disculpas: el cambio vino con la actualización y debimos avisarlo. Restauramos el diseño anterior y les proponemos una capacitación breve."),
        t(1, Some(0), Fun, Urgent, "Examen en curso: los alumnos no pueden enviar el cuestionario",
          "En el examen de Biología los alumnos tocan 'Enviar todo y terminar' y vuelve a la primera página.",
          resolved(60.0), 0.4)
            .to(0)
            .answer("El cuestionario tenía el tiempo límite vencido por la zona horaria del curso. Lo corregimos y habilitamos un nuevo intento a los alumnos afectados."),
        t(1, Some(0), Fun, Low, "Capacitación para nuevos docentes sobre el libro de calificaciones",
          "Ingresaron cuatro docentes nuevos. ¿Podemos coordinar una capacitación sobre el libro de calificaciones?",
          waiting(72.0), 0.8)
            .to(0)
            .answer("¿Qué días y horarios les quedan cómodos para una sesión de una hora por videollamada?"),
        t(1, Some(0), Adm, Medium, "Consulta por la fecha de renovación del abono",
          "¿Cuándo vence el abono actual y cómo se renueva?",
          Open, 0.1)
            .to(SUPERVISOR),
        t(1, Some(0), Tec, Urgent, "Error de base de datos al ingresar: 'Error reading from database'",
          "Nadie puede entrar, aparece 'Error reading from database'.",
          closed(80.0, 10.0), 1.25)
            .to(1).tags(&["caida", "base-de-datos"])
            .note("La base se quedó sin conexiones disponibles. Subimos max_connections y agregamos alerta.")
            .answer("La base de datos había alcanzado su límite de conexiones. Ampliamos la capacidad y sumamos una alerta de monitoreo."),
        t(1, Some(0), Fun, High, "Los docentes no pueden editar sus propios cursos",
          "Desde esta mañana los docentes no ven el botón 'Activar edición' en sus cursos.",
          New, 0.3),
        // ── Escuela de Negocios Ibérica (horario laboral de Madrid) ─────────────────────
        t(2, Some(1), Tec, Urgent, "Caída total del campus de formación",
          "El campus de formación devuelve un error de conexión desde las 7:30. Tenemos sesiones a las 10:00.",
          resolved(80.0), 0.7)
            .to(2).tags(&["caida"])
            .answer("El servicio está restablecido. La máquina virtual se había quedado sin memoria tras una actualización del sistema; hemos ampliado la memoria y ajustado los límites."),
        t(2, Some(0), Tec, High, "Los informes de finalización tardan minutos en cargar",
          "El informe de finalización del curso de Dirección Financiera tarda más de tres minutos en abrirse.",
          Open, 0.8)
            .to(2).tags(&["rendimiento"]),
        t(2, Some(0), Fun, Low, "Dudas sobre configuración de insignias (badges)",
          "Queremos emitir una insignia al completar el itinerario de Marketing Digital. ¿Cómo se configuran los criterios?",
          Open, 0.3)
            .to(2),
        t(2, Some(1), Fun, Medium, "No se envían los recordatorios de vencimiento de tareas",
          "Los alumnos dicen que no reciben los recordatorios de las tareas que vencen mañana.",
          Open, 1.5)
            .to(2).tags(&["correo"])
            .client_msg("¿Hay alguna novedad? Varios alumnos se han quejado."),
        t(2, None, Adm, Medium, "Solicitud de alta de un nuevo centro de coste en la factura",
          "Necesitamos que las próximas facturas indiquen el centro de coste EN-2027-FORM.",
          waiting(30.0), 0.5)
            .to(SUPERVISOR)
            .answer("¿Nos confirmáis si el centro de coste aplica a ambas plataformas o solo al campus de formación?"),
        t(2, Some(0), Com, Low, "Integración con Microsoft Teams para clases en directo",
          "Nos interesa integrar Teams para programar las clases en directo desde el campus.",
          New, 0.2),
        t(2, Some(0), Tec, High, "Fallo en la autenticación SAML con el directorio corporativo",
          "Desde el cambio de certificado del IdP los usuarios corporativos no pueden entrar con SSO.",
          waiting(6.0), 0.85)
            .to(2).tags(&["sso"])
            .answer("El campus sigue usando el certificado anterior del IdP. ¿Podéis enviarnos los metadatos actualizados de vuestro proveedor de identidad?"),
        t(2, Some(1), Rec, Medium, "Queja: la incidencia de correo se cerró sin resolver",
          "Se nos indicó que la incidencia de correo estaba resuelta, pero seguimos igual.",
          Open, 0.85)
            .to(SUPERVISOR)
            .note("Revisar con Carmen qué se hizo en la incidencia anterior; llamar a la coordinadora."),
        t(2, Some(1), Fun, Low, "¿Cómo duplicar un curso manteniendo las actividades?",
          "Queremos reutilizar el curso de la convocatoria de otoño para primavera.",
          closed(50.0, 8.0), 0.4)
            .to(2)
            .answer("Podéis usar 'Copiar curso' desde la administración del curso; os enviamos una guía paso a paso."),
        t(2, Some(1), Tec, Medium, "El certificado PDF sale con caracteres extraños",
          "Los certificados muestran símbolos raros en lugar de tildes y eñes.",
          resolved(24.0), 1.3)
            .to(2)
            .answer("Hemos cambiado la fuente del certificado por una con soporte completo de caracteres latinos."),
        t(2, Some(1), Tec, Urgent, "Error 500 al entrar a cualquier curso",
          "Cualquier curso devuelve un error 500 desde hace un rato.",
          Open, 0.3)
            .to(2).tags(&["caida"])
            .note("Tras la purga de cachés falta un directorio en moodledata; restaurándolo."),
        t(2, Some(1), Fun, High, "Los alumnos no reciben la calificación del taller",
          "En la actividad Taller la fase de calificación terminó pero los alumnos no ven su nota.",
          New, 1.4),
        t(2, None, Adm, Low, "Copia de los registros de acceso para auditoría",
          "La auditoría interna pide los registros de acceso del último trimestre.",
          AutoClose { ago_h: 180.0 }, 0.2)
            .to(SUPERVISOR)
            .answer("Os hemos enviado los registros exportados en CSV por el canal seguro."),
        t(2, Some(1), Tec, Low, "Instalar el plugin de videoconferencia BigBlueButton",
          "Queremos activar BigBlueButton para tutorías.",
          closed(70.0, 12.0), 1.1)
            .to(2).tags(&["plugin"])
            .answer("Hemos activado la actividad BigBlueButton con el servidor recomendado."),
        t(2, Some(0), Fun, Medium, "Configurar la matriculación automática por cohortes",
          "Queremos que los alumnos de cada promoción se matriculen automáticamente en sus cursos.",
          New, 0.5),
        t(2, Some(1), Rec, Urgent, "Reclamo: el campus no está disponible y hay clases ahora",
          "El campus va muy lento y hay clases en directo ahora mismo. Es la segunda vez esta semana.",
          waiting(1.0), 0.5)
            .to(2)
            .answer("Estamos revisándolo. ¿Nos indicáis desde qué sede os conectáis y si afecta también a la red de invitados?"),
        t(2, Some(0), Fun, Medium, "No se puede ocultar una sección a un grupo",
          "Queremos ocultar la sección de evaluación a los alumnos del grupo de tarde.",
          resolved(100.0), 0.5)
            .to(2)
            .answer("Añadimos una restricción de acceso por grupo a la sección; os dejamos la explicación para repetirlo."),
    ]
}
